import { describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../src/testing/index.ts';
import { expectError, post, request, signIn, startScopedServer } from './helpers.ts';

const KEY = 'K2-management-key';
const sessionPaths = ['/v1/auth/refresh', '/v1/auth/logout', '/v1/auth/logoutall'];
const management = [
  ['POST', '/v1/mgmt/user/create/test', { loginId: 'new@example.com' }],
  ['POST', '/v1/mgmt/tests/generate/otp', { loginId: 'tester@example.com', deliveryMethod: 'email' }],
  ['DELETE', '/v1/mgmt/user/test/delete/all', undefined],
  ['GET', '/v1/mgmt/license', undefined],
] as const;

const snapshot = (server: TestServer) => ({
  users: [...server.users.values()].map((user) => ({ ...user, loginIds: [...user.loginIds] })),
  deliveries: server.deliveries.length,
  codes: ['tester@example.com', 'regular@example.com'].map((loginId) => server.lastCode(loginId)),
});

const prepared = async () => {
  const server = await startScopedServer({ managementKey: KEY });
  const mgmt = `Bearer ${server.projectId}:${KEY}`;
  await post(server, '/v1/mgmt/user/create/test', { loginId: 'tester@example.com' }, { auth: mgmt });
  const { refreshJwt, sessionJwt } = await signIn(server, 'regular@example.com');
  return { server, mgmt, refreshJwt, sessionJwt, before: snapshot(server) };
};

describe('bad input to the session endpoints', () => {
  it('answers 401 for no Authorization, another project, garbage, a session JWT or a foreign token', async () => {
    const { server, refreshJwt, sessionJwt, before } = await prepared();
    const other = await createTestServer();
    const foreign = await other.issueSession('regular@example.com').finally(() => other.close());
    const bearer = (jwt: string) => `Bearer ${server.projectId}:${jwt}`;
    const cases: [string | null, number, string][] = [
      [null, 401, 'E061004'],
      ['Basic abc', 401, 'E061004'],
      [`Bearer ${server.projectId}`, 401, 'E061004'],
      [`Bearer P2someOtherProject0000000000:${refreshJwt}`, 401, 'E011003'],
      [bearer('garbage'), 401, 'E061004'],
      [bearer('a.b.c'), 401, 'E061004'],
      [bearer(sessionJwt), 401, 'E061004'],
      [bearer(foreign.refreshJwt), 401, 'E061004'],
    ];
    for (const [auth, status, errorCode] of cases) {
      for (const path of sessionPaths) expectError(await post(server, path, {}, { auth }), status, errorCode);
      expectError(await request(server, 'GET', '/v1/auth/me', undefined, { auth }), status, errorCode);
    }
    expect((await post(server, '/v1/auth/refresh', {}, { auth: bearer(refreshJwt) })).status).toBe(200);
    expect(snapshot(server)).toEqual(before);
  });

  it('try-refresh answers an empty result for a missing, garbage or revoked refresh JWT', async () => {
    const { server, refreshJwt } = await prepared();
    const bearer = (jwt: string) => ({ auth: `Bearer ${server.projectId}:${jwt}` });
    for (const auth of [{ auth: `Bearer ${server.projectId}` }, bearer('garbage')]) {
      expect(await post(server, '/v1/auth/try-refresh', {}, auth)).toMatchObject({ status: 200, body: {} });
    }
    expect((await post(server, '/v1/auth/logout', {}, bearer(refreshJwt))).status).toBe(200);
    expect(await post(server, '/v1/auth/try-refresh', {}, bearer(refreshJwt))).toMatchObject({
      status: 200,
      body: {},
    });
    expectError(await post(server, '/v1/auth/try-refresh', {}, { auth: null }), 401, 'E061004');
  });

  it('answers 401 for an expired refresh JWT, E011001 for malformed JSON and 405 for another method', async () => {
    let now = Date.now();
    const server = await startScopedServer({ now: () => now, refreshTtlSeconds: 60 });
    const { refreshJwt } = await server.issueSession('old@example.com');
    const auth = `Bearer ${server.projectId}:${refreshJwt}`;
    expectError(await post(server, '/v1/auth/refresh', undefined, { auth, raw: '{"x":' }), 400, 'E011001');
    expectError(await post(server, '/v1/auth/logout', ['x'], { auth }), 400, 'E011001');
    const wrongMethod = await request(server, 'GET', '/v1/auth/refresh', undefined, { auth });
    expectError(wrongMethod, 405, 'E011004');
    expect(wrongMethod.headers.get('allow')).toBe('POST, OPTIONS');
    expect((await request(server, 'POST', '/v1/auth/me', {}, { auth })).headers.get('allow')).toBe(
      'GET, OPTIONS',
    );
    expect((await post(server, '/v1/auth/refresh', {}, { auth })).status).toBe(200);
    now += 61_000;
    expectError(await post(server, '/v1/auth/refresh', {}, { auth }), 401, 'E061004');
  });
});

describe('bad input to the Management API', () => {
  it('answers 401 for no Authorization, another project or a wrong key, and changes nothing', async () => {
    const { server, before } = await prepared();
    const cases: [string | null, string][] = [
      [null, 'E061004'],
      [`Bearer ${server.projectId}`, 'E061004'],
      [`Bearer ${server.projectId}:wrong-key`, 'E061004'],
      [`Bearer P2someOtherProject0000000000:${KEY}`, 'E011003'],
    ];
    for (const [auth, errorCode] of cases) {
      for (const [method, path, body] of management) {
        expectError(await request(server, method, path, body, { auth }), 401, errorCode);
      }
      expectError(await request(server, 'GET', '/v1/mgmt/user/search', undefined, { auth }), 401, errorCode);
    }
    expect(snapshot(server)).toEqual(before);
  });

  it('answers 401 to every call when the server has no management key', async () => {
    const server = await startScopedServer();
    const auth = `Bearer ${server.projectId}:anything`;
    for (const [method, path, body] of management) {
      const reply = await request(server, method, path, body, { auth });
      expectError(reply, 401, 'E061004');
      expect(reply.body.errorMessage).toBe('The Management API is not enabled');
    }
    expect(server.users.size).toBe(0);
  });

  it('answers Descope errors for malformed bodies, unknown users, regular users and bad fields', async () => {
    const { server, mgmt, before } = await prepared();
    const auth = { auth: mgmt };
    const create = '/v1/mgmt/user/create/test';
    const generate = '/v1/mgmt/tests/generate/otp';
    const cases: [string, unknown, string | undefined, number, string][] = [
      [create, undefined, '{"loginId":', 400, 'E011001'],
      [create, ['x'], undefined, 400, 'E011001'],
      [create, {}, undefined, 400, 'E011002'],
      [create, { loginId: 'x@example.com', email: 'not-an-email' }, undefined, 400, 'E011003'],
      [create, { loginId: 'x@example.com', phone: '4155550100' }, undefined, 400, 'E011003'],
      [create, { loginId: 'x@example.com', roleNames: 'admin' }, undefined, 400, 'E011003'],
      [create, { loginId: 'x@example.com', customAttributes: [1] }, undefined, 400, 'E011003'],
      [create, { loginId: 'tester@example.com' }, undefined, 400, 'E062107'],
      [create, { loginId: 'regular@example.com' }, undefined, 400, 'E062107'],
      [generate, undefined, '{', 400, 'E011001'],
      [generate, { loginId: 'tester@example.com' }, undefined, 400, 'E011002'],
      [generate, { deliveryMethod: 'email' }, undefined, 400, 'E011002'],
      [generate, { loginId: 'tester@example.com', deliveryMethod: 'fax' }, undefined, 400, 'E011003'],
      [generate, { loginId: 'ghost@example.com', deliveryMethod: 'email' }, undefined, 400, 'E062108'],
      [generate, { loginId: 'regular@example.com', deliveryMethod: 'email' }, undefined, 400, 'E011003'],
    ];
    for (const [path, body, raw, status, errorCode] of cases) {
      expectError(await post(server, path, body, { ...auth, raw }), status, errorCode);
    }
    expect(snapshot(server)).toEqual(before);
    expectError(await request(server, 'GET', '/v1/mgmt/nothing', undefined, auth), 404, 'E011004');
    expectError(await request(server, 'POST', '/v1/mgmt/user/test/delete/all', {}, auth), 405, 'E011004');
  });
});

describe('bad input to the key set', () => {
  it('answers the key set without Authorization, 401 for another project and 405 for a POST', async () => {
    const server = await startScopedServer();
    const keys = await request(server, 'GET', `/v2/keys/${server.projectId}`, undefined, { auth: null });
    expect(keys).toMatchObject({ status: 200, body: server.jwks() });
    expectError(await request(server, 'GET', '/v2/keys/P2someOtherProject0000000000'), 401, 'E011003');
    expectError(await request(server, 'GET', '/v2/keys/'), 401, 'E011003');
    expectError(await post(server, `/v2/keys/${server.projectId}`, {}), 405, 'E011004');
  });

  it('answers CORS preflights for GET and DELETE with the headers the SDKs send', async () => {
    const server = await startScopedServer();
    for (const method of ['GET', 'DELETE', 'POST']) {
      const preflight = await fetch(`${server.url}/v1/auth/me`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://127.0.0.1:5173',
          'access-control-request-method': method,
          'access-control-request-headers':
            'authorization, x-descope-sdk-name, x-descope-refresh-cookie-name',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-methods')).toContain(method);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
      expect(preflight.headers.get('access-control-allow-headers')).toContain(
        'x-descope-refresh-cookie-name',
      );
    }
  });
});
