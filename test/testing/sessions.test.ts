import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { post, request, startScopedServer } from './helpers.ts';

const MANAGEMENT_KEY = 'K2-sessions-key';

describe('key set', () => {
  it('serves the RSA keys at keySetUrl; rotateKeys adds a key that signs from then on', async () => {
    const server = await startScopedServer();
    expect(server.keySetUrl).toBe(`${server.url}/v2/keys/${server.projectId}`);
    const first = await server.issueSession('keys@example.com');
    const [original] = server.jwks().keys;
    expect(original).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
    expect(decodeProtectedHeader(first.sessionJwt)).toEqual({ alg: 'RS256', kid: original!.kid, typ: 'JWT' });

    const kid = server.rotateKeys();
    const served = await (await fetch(server.keySetUrl)).json();
    expect(served.keys.map((key: { kid: string }) => key.kid)).toEqual([original!.kid, kid]);
    const second = await server.issueSession('keys@example.com');
    expect(decodeProtectedHeader(second.sessionJwt).kid).toBe(kid);
    const keys = createLocalJWKSet(served);
    for (const jwt of [first.sessionJwt, first.refreshJwt, second.sessionJwt]) {
      await expect(jwtVerify(jwt, keys, { issuer: server.projectId })).resolves.toBeDefined();
    }
    await expect(jwtVerify(second.sessionJwt, server.publicKey)).resolves.toBeDefined();
    const refreshed = await post(
      server,
      '/v1/auth/refresh',
      {},
      { auth: `Bearer ${server.projectId}:${first.refreshJwt}` },
    );
    expect(decodeProtectedHeader(refreshed.body.sessionJwt as string).kid).toBe(kid);
  });
});

describe('issueSession', () => {
  it('creates a missing user, reuses an existing one and refuses bad input with a TypeError', async () => {
    const server = await startScopedServer();
    const first = await server.issueSession('+14155550100', { customClaims: { plan: 'pro' } });
    expect(first.user).toMatchObject({ loginIds: ['+14155550100'], phone: '+14155550100', test: false });
    expect(decodeJwt(first.sessionJwt)).toMatchObject({ amr: ['sms'], plan: 'pro', drn: 'DS' });
    expect(decodeJwt(first.refreshJwt)).toMatchObject({ drn: 'DSR', rexp: expect.any(String) });
    const again = await server.issueSession('+14155550100', { method: 'voice' });
    expect(again.user).toBe(first.user);
    expect(decodeJwt(again.sessionJwt).amr).toEqual(['voice']);
    await expect(server.issueSession('')).rejects.toThrow(TypeError);
    await expect(server.issueSession('a@example.com', { method: 'fax' as never })).rejects.toThrow(/method/);
    await expect(server.issueSession('a@example.com', { customClaims: 'plan' as never })).rejects.toThrow(
      /customClaims/,
    );
    expect(server.users.size).toBe(1);
    expect(server.requests).toHaveLength(0);
  });
});

describe('test users', () => {
  it('are sent no code by a sign-in, and their codes come from generate', async () => {
    const server = await startScopedServer({ managementKey: MANAGEMENT_KEY });
    const auth = { auth: `Bearer ${server.projectId}:${MANAGEMENT_KEY}` };
    const created = await post(
      server,
      '/v1/mgmt/user/create/test',
      { loginId: 'quiet', phone: '+14155550111', verifiedPhone: true },
      auth,
    );
    expect(created.body.user).toMatchObject({
      loginIds: ['quiet'],
      phone: '+14155550111',
      verifiedPhone: true,
      test: true,
    });
    const sent = await post(server, '/v1/auth/otp/signin/sms', { loginId: 'quiet' });
    expect(sent.body).toEqual({ maskedPhone: '+*******0111', verificationAttempts: 3 });
    expect(server.deliveries).toEqual([]);
    const generated = await post(
      server,
      '/v1/mgmt/tests/generate/otp',
      { loginId: 'quiet', deliveryMethod: 'voice', loginOptions: { customClaims: { e2e: true } } },
      auth,
    );
    expect(generated.body).toEqual({ loginId: 'quiet', code: server.lastCode('quiet') });
    const wrongMethod = await post(server, '/v1/auth/otp/verify/sms', {
      loginId: 'quiet',
      code: generated.body.code,
    });
    expect(wrongMethod.body.errorCode).toBe('E061102');
    const verified = await post(server, '/v1/auth/otp/verify/voice', {
      loginId: 'quiet',
      code: generated.body.code,
    });
    expect(decodeJwt(verified.body.sessionJwt as string)).toMatchObject({
      tu: true,
      amr: ['voice'],
      e2e: true,
    });
    const refreshAuth = { auth: `Bearer ${server.projectId}:${verified.body.refreshJwt}` };

    expect(await request(server, 'DELETE', '/v1/mgmt/user/test/delete/all', undefined, auth)).toMatchObject({
      status: 200,
      body: {},
    });
    expect(server.findUser('quiet')).toBeUndefined();
    expect(server.lastCode('quiet')).toBeUndefined();
    expect((await post(server, '/v1/auth/refresh', {}, refreshAuth)).status).toBe(401);
    expect((await request(server, 'GET', '/v1/mgmt/license', undefined, auth)).body).toEqual({
      licenseType: 'free',
    });
  });
});
