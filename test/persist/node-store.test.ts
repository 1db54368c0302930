import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createOtpFlows } from '../../examples/node-store/flows.ts';
import { createOtpHandler } from '../../examples/node-store/http.ts';
import { MemoryFlowStore } from '../../examples/node-store/store.ts';
import { createTestServer } from '../../src/testing/index.ts';
import { wrongCode } from '../helpers/codes.ts';
import { uniqueEmail } from '../helpers/flow.ts';

const descope = await createTestServer();
const store = new MemoryFlowStore();
const apps: Server[] = [];

/** One app process: its own flows and HTTP server, sharing only the store. */
async function startApp(): Promise<string> {
  const flows = createOtpFlows({
    input: { projectId: descope.projectId, baseUrl: descope.url, channel: 'email' },
    store,
  });
  const app = createServer(createOtpHandler(flows));
  apps.push(app);
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
}

const first = await startApp();
const second = await startApp();
afterAll(async () => {
  for (const app of apps) app.closeAllConnections();
  await Promise.all(apps.map((app) => new Promise((resolve) => app.close(resolve))));
  await descope.close();
});

async function post(base: string, path: string, body: unknown) {
  const response = await fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const otpCalls = (loginId: string) =>
  descope.requests.filter(
    (request) => (request.body as { loginId?: string } | undefined)?.loginId === loginId,
  );

describe('examples/node-store: a flow kept in a store between two requests', () => {
  it('starts on one request and verifies on another, each in a fresh actor', async () => {
    const loginId = uniqueEmail();
    const started = await post(first, '/otp/start', { loginId });
    expect(started).toMatchObject({
      status: 200,
      body: { flowId: expect.any(String), maskedDestination: expect.stringContaining('@example.com') },
    });
    const { flowId } = started.body;
    const code = descope.lastCode(loginId) ?? '';
    const stored = await store.get(flowId);
    expect(stored).toMatchObject({ state: 'awaitingCode.valid', context: { loginId, generation: 1 } });
    expect(JSON.stringify(stored)).not.toMatch(new RegExp(`(?<![0-9])${code}(?![0-9])`));

    const verified = await post(second, '/otp/verify', { flowId, code });
    expect(verified).toMatchObject({
      status: 200,
      body: { status: 'authenticated', sessionJwt: expect.any(String), user: { email: loginId } },
    });
    expect(verified.headers.get('set-cookie')).toMatch(
      /^DSR=.+; HttpOnly; Secure; SameSite=Strict; Path=\/$/,
    );
    expect(await store.get(flowId)).toBeUndefined();
    expect(otpCalls(loginId).map((request) => request.path)).toEqual([
      '/v1/auth/otp/signup-in/email',
      '/v1/auth/otp/verify/email',
    ]);
  });

  it('keeps the flow after a wrong code, with one attempt fewer', async () => {
    const loginId = uniqueEmail();
    const { flowId } = (await post(first, '/otp/start', { loginId })).body;
    const code = descope.lastCode(loginId) ?? '';
    const wrong = await post(second, '/otp/verify', {
      flowId,
      code: wrongCode(code),
    });
    expect(wrong).toMatchObject({
      status: 401,
      body: {
        status: 'awaitingCode',
        attemptsLeft: 2,
        error: { kind: 'wrongCode', message: expect.any(String) },
      },
    });
    expect(await store.get(flowId)).toMatchObject({
      context: { attemptsLeft: 2, error: { kind: 'wrongCode' } },
    });
    expect((await post(first, '/otp/verify', { flowId, code })).status).toBe(200);
    expect(otpCalls(loginId)).toHaveLength(3);
  });

  it('ends the flow after too many wrong codes', async () => {
    const loginId = uniqueEmail();
    const { flowId } = (await post(first, '/otp/start', { loginId })).body;
    const wrong = wrongCode(descope.lastCode(loginId));
    await post(first, '/otp/verify', { flowId, code: wrong });
    await post(second, '/otp/verify', { flowId, code: wrong });
    const third = await post(first, '/otp/verify', { flowId, code: wrong });
    expect(third).toMatchObject({
      status: 403,
      body: { status: 'failed', error: { kind: 'tooManyAttempts' } },
    });
    expect(await store.get(flowId)).toBeUndefined();
  });

  it('answers 404 for an unknown flow and drops a stored value it cannot restore', async () => {
    expect((await post(first, '/otp/verify', { flowId: 'nope', code: '123456' })).status).toBe(404);
    await store.set('broken', { format: 'something-else' } as never);
    const before = descope.requests.length;
    expect(await post(second, '/otp/verify', { flowId: 'broken', code: '123456' })).toMatchObject({
      status: 404,
      body: { error: { kind: 'unknownFlow' } },
    });
    expect(await store.get('broken')).toBeUndefined();
    expect(descope.requests.length).toBe(before);
  });

  it('refuses bad requests without a flow', async () => {
    const size = store.size;
    expect((await post(first, '/otp/start', {})).status).toBe(400);
    expect(await post(first, '/otp/start', { loginId: 'not-an-email' })).toMatchObject({
      status: 400,
      body: { error: { kind: 'invalidInput' } },
    });
    expect((await post(first, '/otp/verify', { flowId: 'x' })).status).toBe(400);
    expect((await fetch(`${first}/otp/start`, { method: 'POST', body: 'not json' })).status).toBe(400);
    expect((await fetch(`${first}/elsewhere`)).status).toBe(404);
    expect(store.size).toBe(size);
  });
});
