import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../examples/node-store/app.ts';
import { storeFromEnv } from '../../examples/node-store/store.ts';
import type { FlowStore } from '../../src/server/index.ts';
import { createTestServer } from '../../src/testing/index.ts';
import { wrongCode } from '../helpers/codes.ts';
import { uniqueEmail } from '../helpers/flow.ts';
import { cookieJar, postJson } from '../helpers/http.ts';
import { describeRedis, type RedisProcess, startRedis } from '../server/redis.ts';

const descope = await createTestServer();
const apps: Server[] = [];
afterAll(async () => {
  for (const app of apps) app.closeAllConnections();
  await Promise.all(apps.map((app) => new Promise((resolve) => app.close(resolve))));
  await descope.close();
});

/** One app instance: its own flows and HTTP server, sharing only the store. */
async function startApp(store: FlowStore): Promise<string> {
  const app = createServer(
    createApp({ projectId: descope.projectId, baseUrl: descope.url, channel: 'email' }, store),
  );
  apps.push(app);
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
}

/** One browser: the two instances share its cookies, as they share its host. */
const browser = cookieJar();

async function post(base: string, path: string, body: unknown) {
  const response = await postJson(`${base}${path}`, body, browser);
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const otpCalls = (loginId: string) =>
  descope.requests.filter(
    (request) => (request.body as { loginId?: string } | undefined)?.loginId === loginId,
  );

function exampleSuite(stores: () => Promise<[FlowStore, FlowStore]>) {
  let first: string;
  let second: string;
  let store: FlowStore;
  beforeAll(async () => {
    const [one, two] = await stores();
    store = one;
    [first, second] = await Promise.all([startApp(one), startApp(two)]);
  });

  it('starts on one instance and verifies on another, each request in a fresh actor', async () => {
    const loginId = uniqueEmail();
    const started = await post(first, '/otp/start', { loginId });
    expect(started).toMatchObject({
      status: 200,
      body: {
        flowId: expect.any(String),
        view: { maskedDestination: expect.stringContaining('@example.com') },
      },
    });
    const { flowId } = started.body;
    const code = descope.lastCode(loginId) ?? '';
    expect(JSON.stringify(started.body)).not.toMatch(new RegExp(`(?<![0-9])${code}(?![0-9])`));

    const verified = await post(second, '/otp/verify', { flowId, code });
    expect(verified).toMatchObject({
      status: 200,
      body: {
        status: 'authenticated',
        session: { sessionJwt: expect.any(String), user: { email: loginId } },
      },
    });
    expect(verified.headers.get('set-cookie')).toMatch(
      /^DSR=.+; HttpOnly; Secure; SameSite=Strict; Path=\/$/,
    );
    expect((await post(first, '/otp/verify', { flowId, code })).body.error.kind).toBe('unknownFlow');
    expect(otpCalls(loginId).map((request) => request.path)).toEqual([
      '/v1/auth/otp/signup-in/email',
      '/v1/auth/otp/verify/email',
    ]);
  });

  it('keeps the flow after a wrong code, with one attempt fewer', async () => {
    const loginId = uniqueEmail();
    const { flowId } = (await post(first, '/otp/start', { loginId })).body;
    const code = descope.lastCode(loginId) ?? '';
    const wrong = await post(second, '/otp/verify', { flowId, code: wrongCode(code) });
    expect(wrong).toMatchObject({
      status: 401,
      body: {
        status: 'awaitingCode',
        view: { attemptsLeft: 2 },
        error: { kind: 'wrongCode', message: expect.any(String) },
      },
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
    expect((await post(second, '/otp/verify', { flowId, code: wrong })).status).toBe(404);
  });

  it('answers 404 for an unknown flow and drops a stored value it cannot restore', async () => {
    expect((await post(first, '/otp/verify', { flowId: 'nope', code: '123456' })).status).toBe(404);
    const flowId = 'BrokenFlowBrokenFlow0000';
    await store.create(flowId, 'writer', 10_000);
    await store.commit(flowId, { token: 'writer', version: 0, flow: undefined }, {
      format: 'something-else',
    } as never);
    const before = descope.requests.length;
    expect(await post(second, '/otp/verify', { flowId, code: '123456' })).toMatchObject({
      status: 404,
      body: { error: { kind: 'unknownFlow' } },
    });
    expect(await store.acquire(flowId, 'reader', 10_000)).toEqual({ kind: 'missing' });
    expect(descope.requests.length).toBe(before);
  });

  it('refuses bad requests without a flow', async () => {
    const before = descope.requests.length;
    expect((await post(first, '/otp/start', {})).status).toBe(400);
    const invalid = await post(first, '/otp/start', { loginId: 'not-an-email' });
    expect(invalid).toMatchObject({ status: 400, body: { error: { kind: 'invalidInput' } } });
    expect((await post(second, '/otp/resend', { flowId: invalid.body.flowId })).status).toBe(404);
    expect((await post(first, '/otp/verify', { flowId: 'x' })).status).toBe(404);
    const notJson = { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'not json' };
    expect((await fetch(`${first}/otp/start`, notJson)).status).toBe(400);
    expect((await fetch(`${first}/otp/start`, { method: 'POST', body: '{}' })).status).toBe(415);
    expect((await fetch(`${first}/elsewhere`)).status).toBe(404);
    expect(descope.requests.length).toBe(before);
  });
}

describe('examples/node-store: a flow kept in memory between two requests', () => {
  exampleSuite(async () => {
    const { store } = await storeFromEnv('');
    return [store, store];
  });
});

describeRedis('examples/node-store: a flow kept in Redis between two requests (REDIS_URL)', () => {
  let redis: RedisProcess;
  const clients: Awaited<ReturnType<typeof storeFromEnv>>[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await redis?.close();
  });
  exampleSuite(async () => {
    redis = await startRedis();
    clients.push(await storeFromEnv(redis.url), await storeFromEnv(redis.url));
    return [clients[0]!.store, clients[1]!.store];
  });
});
