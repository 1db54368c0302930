import { afterAll, describe, expect, it } from 'vitest';
import type { OtpInput } from '../../src/index.ts';
import { createOtpFlows, createOtpHandler, memoryFlowStore } from '../../src/server/index.ts';
import { createTestServer } from '../../src/testing/index.ts';
import { wrongCode } from '../helpers/codes.ts';
import { signedInRefreshJwt, uniqueEmail } from '../helpers/flow.ts';
import { gate } from '../helpers/gate.ts';
import { until } from '../helpers/wait.ts';
import { pathsFor, unreachableStore } from './helpers.ts';

const descope = await createTestServer();
afterAll(() => descope.close());

const input: OtpInput = { projectId: descope.projectId, baseUrl: descope.url, resendCooldownMs: 0 };
const flows = createOtpFlows({ limits: false, input, store: memoryFlowStore() });
const handler = createOtpHandler(flows);

async function call(
  target: (request: Request) => Promise<Response>,
  route: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const init = {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
  const response = await target(new Request(`https://app.example/api/auth/otp/${route}`, init));
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
}

/** The `name=value` of the flow-binding cookie an answer sets, as a browser would send it back. */
const flowCookieOf = (headers: Headers) =>
  /^((?:__Host-)?otp-flow=[^;]+)/.exec(headers.get('set-cookie') ?? '')?.[1] ?? '';

async function startedFlow(target = handler) {
  const loginId = uniqueEmail();
  const reply = await call(target, 'start', { loginId });
  expect(reply.status).toBe(200);
  const cookie = flowCookieOf(reply.headers);
  return { loginId, flowId: reply.body.flowId as string, code: descope.lastCode(loginId) ?? '', cookie };
}

describe('createOtpHandler: a Fetch-API handler for server flows', () => {
  it('starts and verifies, with the refresh JWT in an HttpOnly cookie and never in a body', async () => {
    const loginId = uniqueEmail();
    const started = await call(handler, 'start', { loginId });
    expect(started).toMatchObject({
      status: 200,
      body: { flowId: expect.any(String), status: 'awaitingCode', error: null, view: { loginId } },
    });
    expect(started.headers.get('cache-control')).toBe('no-store');
    expect(started.headers.get('content-type')).toMatch(/^application\/json/);
    expect(started.headers.get('set-cookie')).toMatch(
      /^__Host-otp-flow=[\w-]{43}; HttpOnly; Secure; SameSite=Strict; Path=\/$/,
    );
    expect(started.headers.get('set-cookie')).not.toContain('DSR');

    const verified = await call(
      handler,
      'verify',
      { flowId: started.body.flowId, code: descope.lastCode(loginId) },
      { cookie: flowCookieOf(started.headers) },
    );
    expect(verified).toMatchObject({
      status: 200,
      body: {
        status: 'authenticated',
        error: null,
        session: { sessionJwt: expect.any(String), user: { email: loginId } },
      },
    });
    const cookie = verified.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(
      /^DSR=[\w-]+\.[\w-]+\.[\w-]+; Max-Age=\d+; HttpOnly; Secure; SameSite=Strict; Path=\/$/,
    );
    const refreshJwt = /^DSR=([^;]+)/.exec(cookie)?.[1] ?? '';
    expect(verified.text).not.toContain(refreshJwt);
    expect(verified.body.session).not.toHaveProperty('refreshJwt');
    expect(verified.headers.get('cache-control')).toBe('no-store');
  });

  it('reads the refresh JWT of an update from its cookie', async () => {
    const loginId = uniqueEmail();
    const refreshJwt = await signedInRefreshJwt(descope, loginId);
    const updates = createOtpHandler(
      createOtpFlows({
        limits: false,
        input: { ...input, operation: 'updateEmail' },
        store: memoryFlowStore(),
      }),
    );
    const body = { loginId, email: uniqueEmail() };
    expect(await call(updates, 'start', body)).toMatchObject({
      status: 400,
      body: { error: { kind: 'invalidInput', field: 'refreshJwt', message: expect.any(String) } },
    });
    const started = await call(updates, 'start', body, { cookie: `theme=dark; DSR=${refreshJwt}` });
    expect(started).toMatchObject({ status: 200, body: { status: 'awaitingCode' } });
    const resent = await call(
      updates,
      'resend',
      { flowId: started.body.flowId },
      { cookie: `DSR=${refreshJwt}; ${flowCookieOf(started.headers)}` },
    );
    expect(resent).toMatchObject({ status: 200, body: { error: null } });
    expect(started.text + resent.text).not.toContain(refreshJwt);
  });

  it('puts the refresh JWT in the body instead when the cookie is turned off', async () => {
    const inBody = createOtpHandler(createOtpFlows({ limits: false, input, store: memoryFlowStore() }), {
      refreshCookie: false,
    });
    const { flowId, code, cookie } = await startedFlow(inBody);
    const verified = await call(inBody, 'verify', { flowId, code }, { cookie });
    expect(verified).toMatchObject({ status: 200, body: { session: { refreshJwt: expect.any(String) } } });
    expect(verified.headers.get('set-cookie')).toBeNull();
  });

  it('names the cookie and its attributes as configured', async () => {
    const custom = createOtpHandler(createOtpFlows({ limits: false, input, store: memoryFlowStore() }), {
      refreshCookie: { name: 'refresh', path: '/auth', sameSite: 'Lax', domain: 'app.example' },
    });
    const { flowId, code, cookie } = await startedFlow(custom);
    expect(cookie).not.toBe('');
    const verified = await call(custom, 'verify', { flowId, code }, { cookie });
    expect(verified.headers.get('set-cookie')).toMatch(
      /^refresh=[^;]+; Max-Age=\d+; Domain=app\.example; HttpOnly; Secure; SameSite=Lax; Path=\/auth$/,
    );
  });

  it('answers an HTTP status per failure kind, with a readable message', async () => {
    const { loginId, flowId, code, cookie } = await startedFlow();
    const cooled = createOtpHandler(
      createOtpFlows({
        limits: false,
        input: { ...input, resendCooldownMs: 60_000 },
        store: memoryFlowStore(),
      }),
    );
    const cooling = await startedFlow(cooled);
    const tooSoon = await call(cooled, 'resend', { flowId: cooling.flowId }, { cookie: cooling.cookie });
    expect(tooSoon).toMatchObject({ status: 429, body: { error: { kind: 'rateLimited' } } });
    expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThan(50);

    const verify = gate();
    descope.fault({ kind: 'delay', until: verify.promise, path: '/v1/auth/otp/verify' });
    const held = call(handler, 'verify', { flowId, code: wrongCode(code) }, { cookie });
    await until(() => pathsFor(descope, loginId).includes('/v1/auth/otp/verify/email'));
    const busy = await call(handler, 'verify', { flowId, code }, { cookie });
    verify.open();
    const slow = await held;
    expect(slow).toMatchObject({ status: 401, body: { error: { kind: 'wrongCode', attemptsLeft: 2 } } });
    expect(busy).toMatchObject({
      status: 409,
      body: { status: null, error: { kind: 'busy', message: expect.any(String) } },
    });

    expect(await call(handler, 'verify', { flowId: 'nope', code })).toMatchObject({
      status: 404,
      body: { error: { kind: 'unknownFlow', message: expect.any(String) } },
    });
    expect(await call(handler, 'start', { loginId: 'not-an-email' })).toMatchObject({
      status: 400,
      body: { error: { kind: 'invalidInput', field: 'loginId' } },
    });
    const down = createOtpHandler(createOtpFlows({ limits: false, input, store: unreachableStore() }));
    expect(await call(down, 'start', { loginId: uniqueEmail() })).toMatchObject({
      status: 503,
      body: { error: { kind: 'storeUnavailable' } },
    });
    expect(await call(handler, 'cancel', { flowId }, { cookie })).toMatchObject({
      status: 200,
      body: { status: 'idle' },
    });
  });

  it('refuses bodies that are not a JSON object, too large, and other methods and routes', async () => {
    const small = createOtpHandler(flows, { maxBodyBytes: 100 });
    const before = descope.requests.length;
    expect(await call(small, 'start', { loginId: `${'a'.repeat(200)}@example.com` })).toMatchObject({
      status: 413,
      body: { error: { kind: 'bodyTooLarge' } },
    });
    for (const body of ['not json', '[1,2]', 'null', '']) {
      expect(await call(handler, 'start', body), body).toMatchObject({
        status: 400,
        body: { error: { kind: 'badRequest' } },
      });
    }
    const get = await handler(new Request('https://app.example/otp/start'));
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await call(handler, 'elsewhere', {})).status).toBe(404);
    expect(descope.requests.length).toBe(before);
  });
});
