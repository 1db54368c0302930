import { describe, expect, it } from 'vitest';
import { wrongCode } from '../helpers/codes.ts';
import { expectError, fakeClock, post, startScopedServer } from './helpers.ts';

const SEND = '/v1/auth/otp/signup-in/email';
const VERIFY = '/v1/auth/otp/verify/email';
const loginId = 'codes@example.com';

describe('codes', () => {
  it('invalidates the previous code on every send and never repeats it', async () => {
    const server = await startScopedServer({ codeLength: 1 });
    const codes: string[] = [];
    for (let i = 0; i < 20; i++) {
      await post(server, SEND, { loginId });
      codes.push(server.lastCode(loginId)!);
    }
    for (let i = 1; i < codes.length; i++) expect(codes[i]).not.toBe(codes[i - 1]);
    expect(codes.every((code) => /^\d$/.test(code))).toBe(true);
  });

  it('refuses the old code after a resend and accepts the new one', async () => {
    const server = await startScopedServer();
    await post(server, SEND, { loginId });
    const old = server.lastCode(loginId)!;
    await post(server, SEND, { loginId });
    const fresh = server.lastCode(loginId)!;
    expect(fresh).not.toBe(old);
    expectError(await post(server, VERIFY, { loginId, code: old }), 401, 'E061102');
    expect((await post(server, VERIFY, { loginId, code: fresh })).status).toBe(200);
  });

  it('locks a code after maxAttempts wrong codes, even against the right code', async () => {
    const server = await startScopedServer({ maxAttempts: 3 });
    await post(server, SEND, { loginId });
    const code = server.lastCode(loginId)!;
    expectError(await post(server, VERIFY, { loginId, code: wrongCode(code) }), 401, 'E061102');
    expectError(await post(server, VERIFY, { loginId, code: wrongCode(code) }), 401, 'E061102');
    expectError(await post(server, VERIFY, { loginId, code: wrongCode(code) }), 401, 'E061103');
    expectError(await post(server, VERIFY, { loginId, code }), 401, 'E061103');
    expect(server.lastCode(loginId)).toBe(code);
  });

  it('resets the attempts on a new send', async () => {
    const server = await startScopedServer({ maxAttempts: 2 });
    await post(server, SEND, { loginId });
    expectError(
      await post(server, VERIFY, { loginId, code: wrongCode(server.lastCode(loginId)) }),
      401,
      'E061102',
    );
    expectError(
      await post(server, VERIFY, { loginId, code: wrongCode(server.lastCode(loginId)) }),
      401,
      'E061103',
    );
    const sent = await post(server, SEND, { loginId });
    expect(sent.body.verificationAttempts).toBe(2);
    expectError(
      await post(server, VERIFY, { loginId, code: wrongCode(server.lastCode(loginId)) }),
      401,
      'E061102',
    );
    expect((await post(server, VERIFY, { loginId, code: server.lastCode(loginId) })).status).toBe(200);
  });

  it('expires a code after codeTtlMs on the server clock', async () => {
    const clock = fakeClock();
    const server = await startScopedServer({ now: clock.now, codeTtlMs: 60_000 });
    await post(server, SEND, { loginId });
    clock.advance(60_000);
    const code = server.lastCode(loginId);
    await post(server, SEND, { loginId: 'other@example.com' });
    clock.advance(1);
    expectError(await post(server, VERIFY, { loginId, code }), 400, 'E061104');
    expect(
      (
        await post(server, VERIFY, {
          loginId: 'other@example.com',
          code: server.lastCode('other@example.com'),
        })
      ).status,
    ).toBe(200);
  });

  it('answers the expired error when no code was sent', async () => {
    const server = await startScopedServer();
    expectError(await post(server, VERIFY, { loginId, code: '123456' }), 400, 'E061104');
  });

  it('only verifies a code over the method it was sent with', async () => {
    const server = await startScopedServer();
    const phone = '+14155550101';
    await post(server, '/v1/auth/otp/signup-in/voice', { loginId: phone });
    const code = server.lastCode(phone);
    expectError(await post(server, '/v1/auth/otp/verify/sms', { loginId: phone, code }), 401, 'E061102');
    expect((await post(server, '/v1/auth/otp/verify/voice', { loginId: phone, code })).status).toBe(200);
  });

  it('uses codeLength digits', async () => {
    const server = await startScopedServer({ codeLength: 8 });
    await post(server, SEND, { loginId });
    expect(server.lastCode(loginId)).toMatch(/^\d{8}$/);
  });

  it('refuses invalid options', async () => {
    await expect(startScopedServer({ codeLength: 0 })).rejects.toThrow(RangeError);
    await expect(startScopedServer({ codeLength: 13 })).rejects.toThrow(RangeError);
    await expect(startScopedServer({ maxAttempts: 1.5 })).rejects.toThrow(RangeError);
    await expect(startScopedServer({ users: [{ loginId: 'a' }, { loginId: 'a' }] })).rejects.toThrow(
      /Duplicate/,
    );
  });
});
