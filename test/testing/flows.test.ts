import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { expectError, fakeClock, post, signIn, startScopedServer } from './helpers.ts';

const PHONE = '+14155550100';
const destinations = { email: 'alice@example.com', sms: PHONE, voice: PHONE, whatsapp: PHONE, im: PHONE };

describe('sign-up-or-in and verify', () => {
  for (const [method, loginId] of Object.entries(destinations)) {
    it(`sends and verifies a code over ${method}`, async () => {
      const server = await startScopedServer();
      const sent = await post(server, `/v1/auth/otp/signup-in/${method}`, { loginId });
      expect(sent.status).toBe(200);
      expect(sent.body).toEqual(
        method === 'email'
          ? { maskedEmail: 'al***@example.com', verificationAttempts: 3 }
          : { maskedPhone: '+*******0100', verificationAttempts: 3 },
      );
      const code = server.lastCode(loginId);
      expect(code).toMatch(/^\d{6}$/);
      expect(server.deliveries).toEqual([
        { loginId, code, method, destination: loginId, at: expect.any(Number) },
      ]);

      const verified = await post(server, `/v1/auth/otp/verify/${method}`, { loginId, code });
      expect(verified.status).toBe(200);
      const user = server.findUser(loginId)!;
      expect(verified.body).toMatchObject({
        sessionJwt: expect.any(String),
        refreshJwt: expect.any(String),
        sessionExpiration: expect.any(Number),
        cookieDomain: '',
        cookiePath: '/',
        cookieName: 'DS',
        cookieMaxAge: 30 * 24 * 3600,
        firstSeen: true,
        user: {
          userId: user.userId,
          loginIds: [loginId],
          email: method === 'email' ? loginId : '',
          phone: method === 'email' ? '' : loginId,
          verifiedEmail: method === 'email',
          verifiedPhone: method !== 'email',
          createdTime: expect.any(Number),
        },
      });
      expect(server.users.get(user.userId)).toBe(user);
    });
  }

  it('reports firstSeen only on the first successful verify', async () => {
    const server = await startScopedServer();
    expect(server.findUser('bob@example.com')).toBeUndefined();
    const first = await signIn(server, 'bob@example.com');
    const second = await post(server, '/v1/auth/otp/signup-in/email', { loginId: 'bob@example.com' });
    expect(second.status).toBe(200);
    const again = await post(server, '/v1/auth/otp/verify/email', {
      loginId: 'bob@example.com',
      code: server.lastCode('bob@example.com'),
    });
    expect(again.body.firstSeen).toBe(false);
    expect((again.body.user as { userId: string }).userId).toBe((first.user as { userId: string }).userId);
    expect(server.users.size).toBe(1);
  });

  it('verifies a code once only', async () => {
    const server = await startScopedServer();
    await post(server, '/v1/auth/otp/signup-in/email', { loginId: 'once@example.com' });
    const body = { loginId: 'once@example.com', code: server.lastCode('once@example.com') };
    expect((await post(server, '/v1/auth/otp/verify/email', body)).status).toBe(200);
    expectError(await post(server, '/v1/auth/otp/verify/email', body), 400, 'E061104');
  });
});

describe('sign-up and sign-in', () => {
  it('signs up a new user with the given details and refuses an existing login ID', async () => {
    const server = await startScopedServer();
    const sent = await post(server, '/v1/auth/otp/signup/sms', {
      loginId: 'carol',
      user: { name: 'Carol', email: 'carol@example.com', phone: PHONE },
    });
    expect(sent.body).toEqual({ maskedPhone: '+*******0100', verificationAttempts: 3 });
    expect(server.findUser('carol')).toMatchObject({
      name: 'Carol',
      email: 'carol@example.com',
      phone: PHONE,
    });
    expect(server.deliveries.at(-1)).toMatchObject({ loginId: 'carol', destination: PHONE, method: 'sms' });
    expectError(await post(server, '/v1/auth/otp/signup/sms', { loginId: 'carol' }), 400, 'E062107');
  });

  it('takes the address from the top-level email or the login ID', async () => {
    const server = await startScopedServer();
    await post(server, '/v1/auth/otp/signup/email', { loginId: 'dave', email: 'dave@example.com' });
    await post(server, '/v1/auth/otp/signup/email', { loginId: 'erin@example.com' });
    expect(server.findUser('dave')?.email).toBe('dave@example.com');
    expect(server.findUser('erin@example.com')?.email).toBe('erin@example.com');
  });

  it('signs in a seeded user at their stored address and refuses an unknown one', async () => {
    const server = await startScopedServer({
      users: [{ loginId: 'frank', email: 'frank@example.com', name: 'Frank' }],
    });
    const sent = await post(server, '/v1/auth/otp/signin/email', { loginId: 'frank' });
    expect(sent.body).toEqual({ maskedEmail: 'fr***@example.com', verificationAttempts: 3 });
    expect(server.deliveries.at(-1)).toMatchObject({ loginId: 'frank', destination: 'frank@example.com' });
    const verified = await post(server, '/v1/auth/otp/verify/email', {
      loginId: 'frank',
      code: server.lastCode('frank'),
    });
    expect(verified.body.user).toMatchObject({ name: 'Frank', verifiedEmail: true });
    expectError(await post(server, '/v1/auth/otp/signin/email', { loginId: 'nobody' }), 400, 'E062108');
    expect(server.lastCode('nobody')).toBeUndefined();
  });

  it('calls onDeliver with every code it sends', async () => {
    const seen: string[] = [];
    const server = await startScopedServer({ onDeliver: (delivery) => seen.push(delivery.code) });
    await post(server, '/v1/auth/otp/signup-in/sms', { loginId: PHONE });
    await post(server, '/v1/auth/otp/signup-in/sms', { loginId: PHONE });
    expect(seen).toEqual(server.deliveries.map((delivery) => delivery.code));
    expect(seen).toHaveLength(2);
  });
});

describe('issued JWTs', () => {
  it('are signed with the server key and carry sub, iss, iat and exp', async () => {
    const clock = fakeClock();
    const server = await startScopedServer({
      now: clock.now,
      sessionTtlSeconds: 120,
      refreshTtlSeconds: 3600,
    });
    const result = await signIn(server, 'jwt@example.com');
    const userId = server.findUser('jwt@example.com')!.userId;
    const iat = clock.now() / 1000;
    const options = { issuer: server.projectId, currentDate: new Date(clock.now()) };

    const session = await jwtVerify(result.sessionJwt, server.publicKey, options);
    expect(session.payload).toMatchObject({
      sub: userId,
      iss: server.projectId,
      iat,
      exp: iat + 120,
      drn: 'DS',
    });
    expect(session.protectedHeader.alg).toBe('RS256');

    const refresh = await jwtVerify(result.refreshJwt, createLocalJWKSet(server.jwks()), options);
    expect(refresh.payload).toMatchObject({
      sub: userId,
      iss: server.projectId,
      exp: iat + 3600,
      drn: 'DSR',
    });
  });

  it('reports the session expiration, cookie expiration and claims', async () => {
    const clock = fakeClock();
    const server = await startScopedServer({ now: clock.now });
    await post(server, '/v1/auth/otp/signup-in/email', {
      loginId: 'claims@example.com',
      loginOptions: { customClaims: { plan: 'pro' } },
    });
    const verified = await post(server, '/v1/auth/otp/verify/email', {
      loginId: 'claims@example.com',
      code: server.lastCode('claims@example.com'),
    });
    const iat = clock.now() / 1000;
    expect(verified.body).toMatchObject({
      sessionExpiration: iat + 600,
      cookieExpiration: iat + 30 * 24 * 3600,
    });
    expect(verified.body.claims).toMatchObject({ plan: 'pro', iss: server.projectId, exp: iat + 600 });
    expect(decodeJwt(verified.body.sessionJwt as string).plan).toBe('pro');
  });

  it('expire by the server clock', async () => {
    const clock = fakeClock();
    const server = await startScopedServer({ now: clock.now, sessionTtlSeconds: 60 });
    const { sessionJwt } = await signIn(server, 'late@example.com');
    await expect(
      jwtVerify(sessionJwt, server.publicKey, { currentDate: new Date(clock.now() + 61_000) }),
    ).rejects.toThrow(/exp/);
  });
});
