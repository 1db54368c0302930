import { decodeJwt, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  destinations,
  offsetClock,
  PHONE,
  pathsOf,
  signInWithCore,
  startJudged,
  testMethods,
} from './helpers.ts';

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: unknown) => String(error),
  );

describe('@descope/node-sdk validateSession', () => {
  for (const method of [...testMethods, 'im'] as const) {
    it(`accepts a session JWT from an OTP sign-in over ${method}`, async () => {
      const judges = await startJudged();
      const loginId = method === 'email' ? destinations.email : PHONE;
      const { sessionJwt } = await signInWithCore(judges, method, loginId);
      const { token } = await judges.node.validateSession(sessionJwt);
      const user = judges.server.findUser(loginId)!;
      expect(token).toMatchObject({
        sub: user.userId,
        iss: judges.server.projectId,
        drn: 'DS',
        amr: [method],
      });
      expect(token.tu).toBeUndefined();
      expect(pathsOf(judges.server)).toContain(`GET /v2/keys/${judges.server.projectId}`);
    });
  }

  it('accepts a session from issueSession, with custom claims and the test-user mark', async () => {
    const { server, node } = await startJudged();
    const issued = await server.issueSession('api@example.com', {
      customClaims: { plan: 'pro', sub: 'forged' },
      test: true,
    });
    const { token } = await node.validateSession(issued.sessionJwt);
    expect(token).toMatchObject({
      sub: issued.user.userId,
      plan: 'pro',
      tu: true,
      amr: ['email'],
      drn: 'DS',
    });
    expect(issued.user).toMatchObject({
      loginIds: ['api@example.com'],
      email: 'api@example.com',
      test: true,
    });
    expect(server.findUser('api@example.com')).toBe(issued.user);
    expect((await server.issueSession(PHONE)).user.phone).toBe(PHONE);
    expect(decodeJwt((await server.issueSession(PHONE)).sessionJwt).amr).toEqual(['sms']);
    expect(server.deliveries).toHaveLength(0);
  });

  it('refuses a tampered, an expired and a foreign-key token', async () => {
    const clock = offsetClock();
    const { server, node } = await startJudged({ now: clock.now, sessionTtlSeconds: 60 });
    const { sessionJwt } = await server.issueSession('eve@example.com');
    const [header, payload, signature] = sessionJwt.split('.') as [string, string, string];
    const claims = { ...decodeJwt(sessionJwt), sub: 'Uattacker' };
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expect(await rejection(node.validateSession(forged))).toMatch(/signature verification failed/);
    expect(
      await rejection(node.validateSession(`${header}.${payload}.${signature.slice(0, -4)}AAAA`)),
    ).toMatch(/signature/);

    const stranger = await generateKeyPair('RS256');
    const foreign = (kid: string) =>
      new SignJWT(decodeJwt(sessionJwt)).setProtectedHeader({ alg: 'RS256', kid }).sign(stranger.privateKey);
    expect(await rejection(node.validateSession(await foreign('Kstranger')))).toMatch(
      /failed to fetch matching key/,
    );
    const kid = server.jwks().keys[0]!.kid!;
    expect(await rejection(node.validateSession(await foreign(kid)))).toMatch(
      /signature verification failed/,
    );

    clock.set(-3_600_000);
    const { sessionJwt: expired } = await server.issueSession('eve@example.com');
    expect(await rejection(node.validateSession(expired))).toMatch(/"exp" claim timestamp check failed/);
  });

  it('refuses a session of another project served by another server', async () => {
    const { node } = await startJudged();
    const other = await startJudged({ projectId: 'P2otherProject00000000000000' });
    const { sessionJwt } = await other.server.issueSession('mallory@example.com');
    expect(await rejection(node.validateSession(sessionJwt))).toMatch(/failed to fetch matching key/);
  });
});

describe('@descope/node-sdk sessions', () => {
  it('refreshes a session and keeps the claims of the sign-in', async () => {
    const judges = await startJudged();
    await judges.core.otp.signUpOrIn.sms(PHONE, { customClaims: { plan: 'team' } });
    const verified = await judges.core.otp.verify.sms(PHONE, judges.server.lastCode(PHONE)!);
    const refreshed = await judges.node.refreshSession(verified.data!.refreshJwt!);
    expect(refreshed.token).toMatchObject({
      sub: judges.server.findUser(PHONE)!.userId,
      amr: ['sms'],
      plan: 'team',
    });
    expect(refreshed.jwt).not.toBe(verified.data!.sessionJwt);
    expect(refreshed.refreshJwt).toBe(verified.data!.refreshJwt);
    expect(refreshed.cookies).toEqual([expect.stringMatching(/^DSR=.+; HttpOnly; SameSite=Strict$/)]);
  });

  it('validateAndRefreshSession falls back to a refresh for an expired session JWT', async () => {
    const clock = offsetClock();
    const { server, node } = await startJudged({ now: clock.now, sessionTtlSeconds: 60 });
    clock.set(-3_600_000);
    const issued = await server.issueSession('late@example.com');
    clock.set(0);
    expect(await rejection(node.validateSession(issued.sessionJwt))).toMatch(/exp/);
    const result = await node.validateAndRefreshSession(issued.sessionJwt, issued.refreshJwt);
    expect(result.jwt).not.toBe(issued.sessionJwt);
    expect(result.token.sub).toBe(issued.user.userId);
    expect((result.token.exp as number) * 1000).toBeGreaterThan(Date.now());
    expect(pathsOf(server).filter((path) => path === 'POST /v1/auth/refresh')).toHaveLength(1);
  });

  it('me answers the user; logout revokes the refresh JWT and refresh is refused after', async () => {
    const judges = await startJudged();
    const { refreshJwt } = await signInWithCore(judges, 'email', 'bob@example.com');
    const me = await judges.node.me(refreshJwt);
    expect(me.ok).toBe(true);
    expect(me.data).toMatchObject({
      userId: judges.server.findUser('bob@example.com')!.userId,
      loginIds: ['bob@example.com'],
      email: 'bob@example.com',
      verifiedEmail: true,
      test: false,
    });
    expect((await judges.node.logout(refreshJwt)).ok).toBe(true);
    expect(await rejection(judges.node.refreshSession(refreshJwt))).toMatch(/revoked by a logout/);
    const after = await judges.node.me(refreshJwt);
    expect(after).toMatchObject({ ok: false, code: 401, error: { errorCode: 'E064001' } });
  });

  it('rotateKeys: tokens from before and after both validate, the key set refetched once', async () => {
    const { server, node } = await startJudged();
    const before = await server.issueSession('rot@example.com');
    await node.validateSession(before.sessionJwt);
    const oldKid = server.jwks().keys[0]!.kid;
    const newKid = server.rotateKeys();
    expect(server.jwks().keys.map((key) => key.kid)).toEqual([oldKid, newKid]);
    const after = await server.issueSession('rot@example.com');
    expect(decodeJwt(after.sessionJwt).sub).toBe(before.user.userId);
    await expect(node.validateSession(after.sessionJwt)).resolves.toMatchObject({
      token: { sub: before.user.userId },
    });
    await expect(node.validateSession(before.sessionJwt)).resolves.toMatchObject({
      token: { sub: before.user.userId },
    });
    await expect(node.refreshSession(before.refreshJwt)).resolves.toMatchObject({
      token: { sub: before.user.userId },
    });
    expect(pathsOf(server).filter((path) => path.startsWith('GET /v2/keys/'))).toHaveLength(2);
  });
});

describe('@descope/node-sdk Management API: test users', () => {
  it('creates a test user, generates a code that signs them in, and deletes test users only', async () => {
    const judges = await startJudged();
    const { server, node, core } = judges;
    await signInWithCore(judges, 'email', 'regular@example.com');
    const created = await node.management.user.createTestUser('tester@example.com', {
      email: 'tester@example.com',
      phone: PHONE,
      displayName: 'Tess',
      roles: ['viewer'],
      customAttributes: { team: 'qa' },
    });
    expect(created.ok).toBe(true);
    expect(created.data).toMatchObject({
      loginIds: ['tester@example.com'],
      email: 'tester@example.com',
      phone: PHONE,
      name: 'Tess',
      roleNames: ['viewer'],
      customAttributes: { team: 'qa' },
      test: true,
    });
    for (const method of testMethods) {
      const generated = await node.management.user.generateOTPForTestUser(method, 'tester@example.com');
      expect(generated).toMatchObject({
        ok: true,
        data: { loginId: 'tester@example.com', code: expect.stringMatching(/^\d{6}$/) },
      });
      const verified = await core.otp.verify[method]('tester@example.com', generated.data!.code);
      expect(verified.ok).toBe(true);
      const { token } = await node.validateSession(verified.data!.sessionJwt);
      expect(token).toMatchObject({ sub: created.data!.userId, tu: true, amr: [method] });
    }
    expect(server.deliveries.map((delivery) => delivery.loginId)).toEqual(['regular@example.com']);

    const deleted = await node.management.user.deleteAllTestUsers();
    expect(deleted.ok).toBe(true);
    expect(server.findUser('tester@example.com')).toBeUndefined();
    expect(server.findUser('regular@example.com')).toBeDefined();
    expect(pathsOf(server)).toContain('GET /v1/mgmt/license');
  });

  it('a generated code replaces the one sent before, and the earlier code is refused', async () => {
    const { server, node, core } = await startJudged();
    await node.management.user.createTestUser('swap@example.com', { email: 'swap@example.com' });
    await core.otp.signIn.email('swap@example.com');
    const sent = server.lastCode('swap@example.com')!;
    const generated = await node.management.user.generateOTPForTestUser('email', 'swap@example.com');
    expect(generated.data!.code).not.toBe(sent);
    expect(server.lastCode('swap@example.com')).toBe(generated.data!.code);
    const stale = await core.otp.verify.email('swap@example.com', sent);
    expect(stale).toMatchObject({ ok: false, error: { errorCode: 'E061102' } });
    expect((await core.otp.verify.email('swap@example.com', generated.data!.code)).ok).toBe(true);
  });

  it('refuses to generate a code for a regular user or an unknown one, and with a wrong key', async () => {
    const judges = await startJudged();
    await signInWithCore(judges, 'email', 'regular@example.com');
    const { node, server } = judges;
    const regular = await node.management.user.generateOTPForTestUser('email', 'regular@example.com');
    expect(regular).toMatchObject({ ok: false, code: 400, error: { errorCode: 'E011003' } });
    const unknown = await node.management.user.generateOTPForTestUser('email', 'ghost@example.com');
    expect(unknown).toMatchObject({ ok: false, code: 400, error: { errorCode: 'E062108' } });
    await node.management.user.createTestUser('t@example.com', { email: 't@example.com' });
    const { default: DescopeClient } = await import('@descope/node-sdk');
    const wrong = DescopeClient({ projectId: server.projectId, baseUrl: server.url, managementKey: 'nope' });
    const refused = await wrong.management.user.generateOTPForTestUser('email', 't@example.com');
    expect(refused).toMatchObject({ ok: false, code: 401, error: { errorCode: 'E061004' } });
    expect(server.lastCode('t@example.com')).toBeUndefined();
    expect(server.lastCode('regular@example.com')).toBe(server.deliveries[0]!.code);
  });
});
