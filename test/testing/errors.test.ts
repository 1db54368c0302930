import { describe, expect, it } from 'vitest';
import { expectError, fakeClock, post, startScopedServer } from './helpers.ts';

const SEND = '/v1/auth/otp/signup-in/email';

describe('request errors', () => {
  it('answers 401 without an Authorization header or with a malformed one', async () => {
    const server = await startScopedServer();
    expectError(await post(server, SEND, { loginId: 'a@example.com' }, { auth: null }), 401, 'E061004');
    expectError(
      await post(server, SEND, { loginId: 'a@example.com' }, { auth: 'Basic abc' }),
      401,
      'E061004',
    );
    expect(server.deliveries).toHaveLength(0);
  });

  it('answers 401 for an unknown project ID', async () => {
    const server = await startScopedServer({ projectId: 'P2zzzzzzzzzzzzzzzzzzzzzzzzzz' });
    expect(server.projectId).toBe('P2zzzzzzzzzzzzzzzzzzzzzzzzzz');
    const auth = 'Bearer P2aAc4T2V93bddihGEx2Ryhc8e5Z';
    expectError(await post(server, SEND, { loginId: 'a@example.com' }, { auth }), 401, 'E011003');
  });

  it('answers E011001 for a malformed JSON body or a body that is not an object', async () => {
    const server = await startScopedServer();
    const malformed = await post(server, SEND, undefined, { raw: '{"loginId":' });
    expectError(malformed, 400, 'E011001');
    expect(malformed.body.errorDescription).toBe('Request is malformed');
    expectError(await post(server, SEND, ['a@example.com']), 400, 'E011001');
    expect(server.requests.at(-2)?.body).toBe('{"loginId":');
  });

  it('answers E011002 for a missing, empty or non-string loginId and a missing code', async () => {
    const server = await startScopedServer();
    expectError(await post(server, SEND), 400, 'E011002');
    expectError(await post(server, SEND, {}), 400, 'E011002');
    expectError(await post(server, SEND, { loginId: '' }), 400, 'E011002');
    expectError(await post(server, SEND, { loginId: 42 }), 400, 'E011002');
    expectError(
      await post(server, '/v1/auth/otp/verify/email', { loginId: 'a@example.com' }),
      400,
      'E011002',
    );
  });

  it('answers 404 for an unknown path and 405 for another method', async () => {
    const server = await startScopedServer();
    expectError(await post(server, '/v1/auth/otp/signup-in/fax', { loginId: 'a' }), 404, 'E011004');
    expectError(await post(server, '/nothing', {}), 404, 'E011004');
    const get = await fetch(`${server.url}${SEND}`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
    expect((await get.json()).errorCode).toBe('E011004');
  });

  it('records every request with lower-cased headers, parsed body and server time', async () => {
    const clock = fakeClock();
    const server = await startScopedServer({ now: clock.now });
    await post(
      server,
      `${SEND}?x=1`,
      { loginId: 'rec@example.com' },
      { headers: { 'X-Descope-Sdk-Name': 'me' } },
    );
    expect(server.requests).toEqual([
      {
        method: 'POST',
        path: SEND,
        headers: expect.objectContaining({
          authorization: `Bearer ${server.projectId}`,
          'x-descope-sdk-name': 'me',
          'content-type': 'application/json',
        }),
        body: { loginId: 'rec@example.com' },
        at: clock.now(),
      },
    ]);
  });
});

describe('CORS', () => {
  it('answers a preflight and exposes Retry-After', async () => {
    const server = await startScopedServer();
    const preflight = await fetch(`${server.url}${SEND}`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, x-descope-sdk-name, x-custom',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    const allowed = preflight.headers.get('access-control-allow-headers')!.split(', ');
    for (const name of [
      'authorization',
      'content-type',
      'x-descope-sdk-name',
      'x-descope-sdk-version',
      'x-descope-project-id',
      'x-descope-sdk-session-id',
      'x-custom',
    ]) {
      expect(allowed).toContain(name);
    }
    const reply = await post(
      server,
      SEND,
      { loginId: 'cors@example.com' },
      { headers: { origin: 'http://x.test' } },
    );
    expect(reply.headers.get('access-control-allow-origin')).toBe('http://x.test');
    expect(reply.headers.get('access-control-expose-headers')).toBe('retry-after');
    expect((await post(server, SEND, {})).headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('rate limit', () => {
  it('answers 429 E130429 with Retry-After once the window is full, per client address', async () => {
    const clock = fakeClock();
    const server = await startScopedServer({ now: clock.now, rateLimit: { max: 2, windowMs: 10_000 } });
    expect((await post(server, SEND, { loginId: 'r@example.com' })).status).toBe(200);
    clock.advance(2_500);
    expect((await post(server, SEND, { loginId: 'r@example.com' })).status).toBe(200);
    const limited = await post(server, SEND, { loginId: 'r@example.com' });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      errorCode: 'E130429',
      errorDescription: 'https://docs.descope.com/rate-limit',
      errorMessage: 'API rate limit exceeded.',
    });
    expect(limited.headers.get('retry-after')).toBe('8');
    expect(server.requests).toHaveLength(3);
    expect(server.deliveries).toHaveLength(2);
    clock.advance(7_499);
    expect((await post(server, SEND, { loginId: 'r@example.com' })).headers.get('retry-after')).toBe('1');
    clock.advance(1);
    expect((await post(server, SEND, { loginId: 'r@example.com' })).status).toBe(200);
  });

  it('does not count preflights', async () => {
    const server = await startScopedServer({ rateLimit: { max: 1, windowMs: 60_000 } });
    await fetch(`${server.url}${SEND}`, { method: 'OPTIONS' });
    expect((await post(server, SEND, { loginId: 'p@example.com' })).status).toBe(200);
  });
});
