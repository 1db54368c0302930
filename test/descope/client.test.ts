import { getEventListeners } from 'node:events';
import { describe, expect } from 'vitest';
import { descopeApi, postDescope } from '../../src/descope/client.ts';
import { OtpError, type OtpFailure } from '../../src/index.ts';
import { serverApi } from '../../src/server/services.ts';
import type { FaultSpec, TestServer } from '../../src/testing/index.ts';
import { test as it } from '../helpers/fixtures.ts';
import { uniqueEmail } from '../helpers/flow.ts';
import { gate } from '../helpers/gate.ts';
import { until } from '../helpers/wait.ts';

type Settings = Parameters<typeof postDescope>[0]['settings'];

const SEND = '/v1/auth/otp/signup-in/email';
const VERIFY = '/v1/auth/otp/verify/email';

it.afterEach(({ server }) => server.clearFaults());

const settingsFor = (server: TestServer, extra: Partial<Settings> = {}): Settings => ({
  projectId: server.projectId,
  baseUrl: server.url,
  operation: 'signUpOrIn',
  channel: 'email',
  resendCooldownMs: 0,
  codeLength: 6,
  requestTimeoutMs: 15_000,
  ...extra,
});

/** What `postDescope` rejects with, as the machine sees it; fails the test when it resolves. */
async function failureOf(request: Promise<unknown>): Promise<OtpFailure> {
  const error = await request.then(
    () => expect.unreachable('the request succeeded'),
    (rejected: unknown) => rejected,
  );
  expect(error).toBeInstanceOf(OtpError);
  return (error as OtpError).failure;
}

/** What the HTTP layer sends with: the platform's `fetch` (browsers, the client) or `serverFetch` (server steps). */
const transports = [
  ['the platform fetch', descopeApi],
  ['serverFetch', serverApi],
] as const;

describe.each(transports)('over %s', (_, api) => {
  const post = (
    server: TestServer,
    path: string,
    body: Record<string, unknown>,
    extra: Partial<Settings> = {},
    signal = new AbortController().signal,
  ) => postDescope({ settings: settingsFor(server, extra), path, body, signal, api });

  /** The failure of one request to `path` that the server answers with `fault`. */
  function faulted(server: TestServer, fault: FaultSpec, path = VERIFY) {
    server.fault({ ...fault, path });
    return failureOf(post(server, path, { loginId: uniqueEmail(), code: '123456' }));
  }

  describe('postDescope classifies every answer Descope documents', () => {
    const byCode = [
      ['E061102', 'wrongCode'],
      ['E061103', 'tooManyAttempts'],
      ['E061104', 'codeExpired'],
      ['E062107', 'userAlreadyExists'],
      ['E062108', 'userNotFound'],
      ['E062125', 'conflict'],
    ] as const;

    it.for(byCode.flatMap(([code, kind]) => [400, 401, 409].map((status) => [code, kind, status] as const)))(
      '%s with HTTP %i is %s, keeping the code and description',
      async ([errorCode, kind, status], { server }) => {
        const failure = await faulted(server, {
          kind: 'status',
          status,
          errorCode,
          errorDescription: 'told',
        });
        expect(failure).toEqual({ kind, errorCode, errorDescription: 'told' });
      },
    );

    it('E130429 and any 429 are rateLimited, for Retry-After seconds or a minute without it', async ({
      server,
    }) => {
      expect(await faulted(server, { kind: 'status', status: 429, retryAfterSeconds: 7 })).toEqual({
        kind: 'rateLimited',
        retryAfterMs: 7_000,
        errorCode: 'E130429',
        errorDescription: 'https://docs.descope.com/rate-limit',
      });
      expect(await faulted(server, { kind: 'status', status: 429 }, SEND)).toMatchObject({
        kind: 'rateLimited',
        retryAfterMs: 60_000,
      });
      expect(await faulted(server, { kind: 'status', status: 400, errorCode: 'E130429' })).toMatchObject({
        kind: 'rateLimited',
        errorCode: 'E130429',
      });
      expect(await faulted(server, { kind: 'html', status: 429, retryAfterSeconds: 2 })).toEqual({
        kind: 'rateLimited',
        retryAfterMs: 2_000,
      });
    });

    it.for([401, 403])('HTTP %i without a known code is unauthorized', async (status, { server }) => {
      expect(await faulted(server, { kind: 'status', status, errorCode: 'E061004' })).toEqual({
        kind: 'unauthorized',
        status,
        errorCode: 'E061004',
        errorDescription: 'Injected fault',
      });
      expect(await faulted(server, { kind: 'empty', status }, SEND)).toEqual({
        kind: 'unauthorized',
        status,
      });
    });

    it.for([500, 502, 503, 504])('HTTP %i is server, send or verify', async (status, { server }) => {
      expect(await faulted(server, { kind: 'status', status }, SEND)).toMatchObject({
        kind: 'server',
        status,
      });
      expect(await faulted(server, { kind: 'status', status })).toMatchObject({ kind: 'server', status });
    });

    it.for(['E011001', 'E011002', 'E011003', 'E011004'])(
      'the request error %s is server, with its code',
      async (errorCode, { server }) => {
        expect(await faulted(server, { kind: 'status', status: 400, errorCode })).toEqual({
          kind: 'server',
          status: 400,
          errorCode,
          errorDescription: 'Injected fault',
        });
      },
    );

    it('an unknown 4xx on verify is server, never a wrong code', async ({ server }) => {
      expect(await faulted(server, { kind: 'status', status: 400, errorCode: 'E999999' })).toMatchObject({
        kind: 'server',
        status: 400,
        errorCode: 'E999999',
      });
      expect(await faulted(server, { kind: 'status', status: 418 })).toMatchObject({
        kind: 'server',
        status: 418,
      });
    });

    it('an HTML or empty body is server with its status, whatever the status', async ({ server }) => {
      expect(await faulted(server, { kind: 'html', status: 502 })).toEqual({ kind: 'server', status: 502 });
      expect(await faulted(server, { kind: 'html', status: 200 })).toEqual({ kind: 'server', status: 200 });
      expect(await faulted(server, { kind: 'empty', status: 200 }, SEND)).toEqual({
        kind: 'server',
        status: 200,
      });
      expect(await faulted(server, { kind: 'empty', status: 500 })).toEqual({ kind: 'server', status: 500 });
    });

    it('a dropped connection or a refused one is network', async ({ server }) => {
      expect(await faulted(server, { kind: 'drop' })).toEqual({ kind: 'network' });
      const refused = post(server, SEND, {}, { baseUrl: 'http://127.0.0.1:9' });
      expect(await failureOf(refused)).toEqual({ kind: 'network' });
    });

    it('no answer within requestTimeoutMs is timeout, and the request is closed', async ({ server }) => {
      server.fault({ kind: 'hang', path: SEND });
      const before = server.requests.length;
      const request = post(server, SEND, { loginId: uniqueEmail() }, { requestTimeoutMs: 20 });
      expect(await failureOf(request)).toEqual({ kind: 'timeout' });
      expect(server.requests.length).toBe(before + 1);
      await until(() => server.openRequests() === 0);
    });

    it('answers of the test server itself: a wrong code, then the right one', async ({ server }) => {
      const loginId = uniqueEmail();
      await post(server, SEND, { loginId });
      const code = server.lastCode(loginId) ?? '';
      const wrong = code === '000000' ? '111111' : '000000';
      expect(await failureOf(post(server, VERIFY, { loginId, code: wrong }))).toMatchObject({
        kind: 'wrongCode',
        errorCode: 'E061102',
      });
      expect(await post(server, VERIFY, { loginId, code })).toMatchObject({ sessionJwt: expect.any(String) });
      expect(await failureOf(post(server, VERIFY, { loginId, code }))).toMatchObject({
        kind: 'codeExpired',
        errorCode: 'E061104',
      });
    });
  });

  describe('postDescope aborts', () => {
    it('cancels the request at the server when the signal aborts: nothing is sent', async ({ server }) => {
      const held = gate();
      server.fault({ kind: 'delay', until: held.promise, path: SEND });
      const controller = new AbortController();
      const loginId = uniqueEmail();
      const request = post(server, SEND, { loginId }, {}, controller.signal);
      await until(() => server.openRequests() === 1);
      controller.abort();
      expect(await failureOf(request)).toEqual({ kind: 'network' });
      await until(() => server.openRequests() === 0);
      held.open();
      await held.promise;
      await post(server, SEND, { loginId: uniqueEmail() });
      expect(server.lastCode(loginId)).toBeUndefined();
    });

    it('makes no request for a signal aborted before it starts', async ({ server }) => {
      const before = server.requests.length;
      const controller = new AbortController();
      controller.abort();
      const request = post(server, SEND, { loginId: uniqueEmail() }, {}, controller.signal);
      expect(await failureOf(request)).toEqual({ kind: 'network' });
      await post(server, SEND, { loginId: uniqueEmail() });
      expect(server.requests.length).toBe(before + 1);
    });
  });

  describe('postDescope refuses before sending, and leaves nothing behind', () => {
    it('refuses a base URL that is not allowed, naming baseUrl, with no request', async ({ server }) => {
      const before = server.requests.length;
      const request = post(server, SEND, { loginId: uniqueEmail() }, { baseUrl: 'http://auth.example.com' });
      expect(await failureOf(request)).toEqual({ kind: 'invalidInput', field: 'baseUrl' });
      expect(server.requests.length).toBe(before);
    });

    it('refuses a project ID no API host derives from, naming projectId, with no request', async ({
      server,
    }) => {
      const before = server.requests.length;
      const request = post(
        server,
        SEND,
        { loginId: uniqueEmail() },
        { baseUrl: undefined, projectId: `Pus!1${'a'.repeat(27)}` },
      );
      expect(await failureOf(request)).toEqual({ kind: 'invalidInput', field: 'projectId' });
      expect(server.requests.length).toBe(before);
    });

    it('keeps no timeout timer once a request has settled', async ({ server }) => {
      const timers = () =>
        process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
      const before = timers();
      for (let i = 0; i < 10; i += 1) {
        await post(server, SEND, { loginId: uniqueEmail() }, { requestTimeoutMs: 600_000 });
        await failureOf(post(server, VERIFY, { loginId: uniqueEmail(), code: '123456' }));
      }
      expect(timers()).toBeLessThan(before + 5);
    });

    it("removes its listener from the caller's signal once a request has settled", async ({ server }) => {
      const controller = new AbortController();
      await post(server, SEND, { loginId: uniqueEmail() }, {}, controller.signal);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      const failed = post(server, VERIFY, { loginId: uniqueEmail() }, {}, controller.signal);
      await failureOf(failed);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    });
  });
});
