import { describe, expect, it } from 'vitest';
import { phoneChannels } from '../../machines/concepts.ts';
import { expectError, fakeClock, post, signIn, startScopedServer, withRefresh } from './helpers.ts';

const PHONE = '+14155550100';
const NEW_PHONE = '+14155550199';

describe('update email', () => {
  it('needs the refresh JWT of the same user', async () => {
    const server = await startScopedServer();
    const alice = await signIn(server, 'alice@example.com');
    const bob = await signIn(server, 'bob@example.com');
    const body = { loginId: 'alice@example.com', email: 'alice@new.example' };
    const path = '/v1/auth/otp/update/email';
    expectError(await post(server, path, body), 401, 'E061004');
    expectError(await post(server, path, body, { auth: withRefresh(server, 'not-a-jwt') }), 401, 'E061004');
    expectError(
      await post(server, path, body, { auth: withRefresh(server, alice.sessionJwt) }),
      401,
      'E061004',
    );
    expectError(
      await post(server, path, body, { auth: withRefresh(server, bob.refreshJwt) }),
      401,
      'E061004',
    );
    const unknown = { ...body, loginId: 'nobody@example.com' };
    expectError(
      await post(server, path, unknown, { auth: withRefresh(server, alice.refreshJwt) }),
      400,
      'E062108',
    );
    expect(server.deliveries).toHaveLength(2);
  });

  it('refuses an expired refresh JWT', async () => {
    const clock = fakeClock();
    const server = await startScopedServer({ now: clock.now, refreshTtlSeconds: 60 });
    const alice = await signIn(server, 'alice@example.com');
    clock.advance(61_000);
    const reply = await post(
      server,
      '/v1/auth/otp/update/email',
      { loginId: 'alice@example.com', email: 'alice@new.example' },
      { auth: withRefresh(server, alice.refreshJwt) },
    );
    expectError(reply, 401, 'E061004');
  });

  it('sends to the new address and changes the email on verify', async () => {
    const server = await startScopedServer();
    const alice = await signIn(server, 'alice@example.com');
    const auth = withRefresh(server, alice.refreshJwt);
    const sent = await post(
      server,
      '/v1/auth/otp/update/email',
      { loginId: 'alice@example.com', email: 'alice@new.example', addToLoginIDs: true },
      { auth },
    );
    expect(sent.body).toEqual({ maskedEmail: 'al***@new.example', verificationAttempts: 3 });
    expect(server.deliveries.at(-1)).toMatchObject({
      loginId: 'alice@example.com',
      destination: 'alice@new.example',
    });
    expect(server.findUser('alice@example.com')?.email).toBe('alice@example.com');
    const verified = await post(server, '/v1/auth/otp/verify/email', {
      loginId: 'alice@example.com',
      code: server.lastCode('alice@example.com'),
    });
    expect(verified.body.user).toMatchObject({
      email: 'alice@new.example',
      verifiedEmail: true,
      loginIds: ['alice@example.com', 'alice@new.example'],
    });
    expect(server.findUser('alice@new.example')).toBe(server.findUser('alice@example.com'));
  });

  it('validates the address and requires it', async () => {
    const server = await startScopedServer();
    const auth = withRefresh(server, (await signIn(server, 'alice@example.com')).refreshJwt);
    const path = '/v1/auth/otp/update/email';
    expectError(await post(server, path, { loginId: 'alice@example.com' }, { auth }), 400, 'E011002');
    const invalid = { loginId: 'alice@example.com', email: 'not-an-email' };
    expectError(await post(server, path, invalid, { auth }), 400, 'E011003');
  });

  it('answers E062125 for an address of another user with failOnConflict, else merges on verify', async () => {
    const server = await startScopedServer({ users: [{ loginId: 'bob', email: 'bob@example.com' }] });
    const auth = withRefresh(server, (await signIn(server, 'alice@example.com')).refreshJwt);
    const path = '/v1/auth/otp/update/email';
    const body = { loginId: 'alice@example.com', email: 'bob@example.com' };
    expectError(await post(server, path, { ...body, failOnConflict: true }, { auth }), 409, 'E062125');
    expect((await post(server, path, body, { auth })).status).toBe(200);
    await post(server, '/v1/auth/otp/verify/email', { ...body, code: server.lastCode('alice@example.com') });
    expect(server.findUser('alice@example.com')?.email).toBe('bob@example.com');
    expect(server.findUser('bob')).toBeUndefined();
    expect(server.users.size).toBe(1);
  });
});

describe('update phone', () => {
  for (const method of phoneChannels) {
    it(`changes the phone over ${method}`, async () => {
      const server = await startScopedServer();
      const auth = withRefresh(server, (await signIn(server, PHONE, 'sms')).refreshJwt);
      const path = `/v1/auth/otp/update/phone/${method}`;
      expectError(
        await post(server, path, { loginId: PHONE, phone: '4155550199' }, { auth }),
        400,
        'E011003',
      );
      const sent = await post(server, path, { loginId: PHONE, phone: NEW_PHONE }, { auth });
      expect(sent.body).toEqual({ maskedPhone: '+*******0199', verificationAttempts: 3 });
      const code = server.lastCode(PHONE);
      const verified = await post(server, `/v1/auth/otp/verify/${method}`, { loginId: PHONE, code });
      expect(verified.body.user).toMatchObject({ phone: NEW_PHONE, verifiedPhone: true, loginIds: [PHONE] });
    });
  }

  it('has no email variant of the phone path', async () => {
    const server = await startScopedServer();
    expectError(await post(server, '/v1/auth/otp/update/phone/email', { loginId: PHONE }), 404, 'E011004');
  });
});

describe('step-up sign-in', () => {
  it('requires a valid refresh JWT of the same user for stepup and mfa', async () => {
    const server = await startScopedServer();
    const alice = await signIn(server, 'alice@example.com');
    const bob = await signIn(server, 'bob@example.com');
    const path = '/v1/auth/otp/signin/email';
    for (const loginOptions of [{ stepup: true }, { mfa: true }]) {
      const body = { loginId: 'alice@example.com', loginOptions };
      expectError(await post(server, path, body), 401, 'E061004');
      expectError(
        await post(server, path, body, { auth: withRefresh(server, bob.refreshJwt) }),
        401,
        'E061004',
      );
      expect((await post(server, path, body, { auth: withRefresh(server, alice.refreshJwt) })).status).toBe(
        200,
      );
    }
    expect((await post(server, path, { loginId: 'alice@example.com' })).status).toBe(200);
  });
});
