import { describe, expect, it } from 'vitest';
import { destinations, PHONE, pathsOf, signInWithCore, startJudged, testMethods } from './helpers.ts';

describe('@descope/core-js-sdk against the test server', () => {
  for (const method of [...testMethods, 'im'] as const) {
    it(`signs up or in over ${method} and verifies`, async () => {
      const { server, core } = await startJudged();
      const loginId = method === 'email' ? destinations.email : PHONE;
      const sent = await core.otp.signUpOrIn[method](loginId);
      expect(sent).toMatchObject({ ok: true, code: 200 });
      expect(sent.data).toEqual(
        method === 'email'
          ? { maskedEmail: 'al***@example.com', verificationAttempts: 3 }
          : { maskedPhone: '+*******0100', verificationAttempts: 3 },
      );
      const other = server.lastCode(loginId) === '000000' ? '111111' : '000000';
      const wrong = await core.otp.verify[method](loginId, other);
      expect(wrong).toMatchObject({ ok: false, code: 401, error: { errorCode: 'E061102' } });
      const verified = await core.otp.verify[method](loginId, server.lastCode(loginId)!);
      expect(verified).toMatchObject({
        ok: true,
        data: {
          sessionJwt: expect.any(String),
          refreshJwt: expect.any(String),
          firstSeen: true,
          user: { loginIds: [loginId], userId: server.findUser(loginId)!.userId },
        },
      });
      expect(server.requests.at(-1)?.headers).toMatchObject({ 'x-descope-sdk-name': 'core-js' });
    });
  }

  it('refresh answers a new session JWT for the same user, try-refresh an empty result without one', async () => {
    const judges = await startJudged();
    const { core, server } = judges;
    const signedIn = await signInWithCore(judges, 'sms', PHONE);
    const refreshed = await core.refresh(signedIn.refreshJwt);
    expect(refreshed).toMatchObject({
      ok: true,
      data: {
        sessionJwt: expect.any(String),
        refreshJwt: signedIn.refreshJwt,
        firstSeen: false,
        cookiePath: '/',
        user: { userId: server.findUser(PHONE)!.userId },
      },
    });
    const tried = await core.refresh(signedIn.refreshJwt, undefined, undefined, true);
    expect(tried.data?.sessionJwt).toEqual(expect.any(String));
    const empty = await core.refresh('garbage', undefined, undefined, true);
    expect(empty).toMatchObject({ ok: true, code: 200, data: {} });
    expect(pathsOf(server).slice(-3)).toEqual([
      'POST /v1/auth/refresh',
      'POST /v1/auth/try-refresh',
      'POST /v1/auth/try-refresh',
    ]);
  });

  it('me answers the user and logout revokes only that refresh JWT', async () => {
    const judges = await startJudged();
    const { core } = judges;
    const first = await signInWithCore(judges, 'email', 'carol@example.com');
    const second = await signInWithCore(judges, 'email', 'carol@example.com');
    expect(await core.me(first.refreshJwt)).toMatchObject({
      ok: true,
      data: { loginIds: ['carol@example.com'], email: 'carol@example.com', verifiedEmail: true },
    });
    expect((await core.logout(first.refreshJwt)).ok).toBe(true);
    expect(await core.refresh(first.refreshJwt)).toMatchObject({
      ok: false,
      code: 401,
      error: { errorCode: 'E064001' },
    });
    expect(await core.me(first.refreshJwt)).toMatchObject({ ok: false, code: 401 });
    expect((await core.refresh(second.refreshJwt)).ok).toBe(true);
    expect(await core.logout(first.refreshJwt)).toMatchObject({ ok: false, code: 401 });
  });

  it('logoutAll revokes every refresh JWT of the user, not those of others', async () => {
    const judges = await startJudged();
    const { core } = judges;
    const first = await signInWithCore(judges, 'email', 'dave@example.com');
    const second = await signInWithCore(judges, 'email', 'dave@example.com');
    const other = await signInWithCore(judges, 'email', 'erin@example.com');
    expect((await core.logoutAll(second.refreshJwt)).ok).toBe(true);
    for (const token of [first.refreshJwt, second.refreshJwt]) {
      expect(await core.refresh(token)).toMatchObject({
        ok: false,
        code: 401,
        error: { errorCode: 'E064001' },
      });
    }
    expect((await core.me(other.refreshJwt)).ok).toBe(true);
  });

  it('session endpoints record requests and take injected faults', async () => {
    const judges = await startJudged();
    const { core, server } = judges;
    const { refreshJwt } = await signInWithCore(judges, 'email', 'fault@example.com');
    server.fault({ path: '/v1/auth/refresh', kind: 'status', status: 429, retryAfterSeconds: 7 });
    const limited = await core.refresh(refreshJwt);
    expect(limited).toMatchObject({ ok: false, code: 429, error: { errorCode: 'E130429', retryAfter: 7 } });
    server.fault({ path: '/v1/auth/me', kind: 'status', status: 500 });
    expect(await core.me(refreshJwt)).toMatchObject({ ok: false, code: 500 });
    expect((await core.refresh(refreshJwt)).ok).toBe(true);
    expect(server.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/v1/auth/refresh',
      headers: { authorization: `Bearer ${server.projectId}:${refreshJwt}` },
    });
  });
});
