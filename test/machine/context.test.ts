import { describe, expect, it } from 'vitest';
import {
  acceptedSend,
  createContext,
  failedRequest,
  freshFlow,
  resendProblemOf,
  resetFlow,
  resolveRefreshJwt,
  resolveSettings,
  restoredContext,
  sendProblemOf,
  sentCode,
} from '../../machines/context.ts';
import type { OtpContext, OtpInput } from '../../machines/otp.types.ts';
import { SecretValue } from '../../machines/secret.ts';

const projectId = 'P2aAc4T2V93bddihGEx2Ryhc8e5Z';
const defaults = {
  projectId: '',
  operation: 'signUpOrIn',
  channel: 'email',
  resendCooldownMs: 30_000,
  codeLength: 6,
  requestTimeoutMs: 15_000,
};

const context = (input: Partial<OtpInput> = {}, given: Partial<OtpContext> = {}): OtpContext => ({
  ...createContext({ projectId, ...input }),
  ...given,
});

describe('settings from input', () => {
  it.for([[undefined], [null], ['P2aAc4T2V93bddihGEx2Ryhc8e5Z'], [[projectId]], [{}]])(
    'are the defaults, with no other key, for %j',
    ([input]) => {
      expect(resolveSettings(input)).toStrictEqual(defaults);
    },
  );

  it('take what is given, fall back where a value is undefined, and drop the refresh JWT and unknown keys', () => {
    const loginOptions = { templateId: 'welcome' };
    expect(
      resolveSettings({
        projectId,
        baseUrl: 'https://api.descope.com',
        channel: 'sms',
        operation: undefined,
        loginOptions,
        resendCooldownMs: 0,
        codeTtlMs: 60_000,
        codeLength: 8,
        requestTimeoutMs: 1,
        refreshJwt: 'secret',
        extra: true,
      }),
    ).toStrictEqual({
      ...defaults,
      projectId,
      baseUrl: 'https://api.descope.com',
      channel: 'sms',
      loginOptions,
      resendCooldownMs: 0,
      codeTtlMs: 60_000,
      codeLength: 8,
      requestTimeoutMs: 1,
    });
  });

  it('keep a null, which validation then refuses', () => {
    expect(resolveSettings({ projectId, codeLength: null }).codeLength).toBeNull();
    expect(createContext({ projectId, codeLength: null } as never).error).toEqual({
      kind: 'invalidInput',
      field: 'codeLength',
    });
  });

  it.for([
    [{ refreshJwt: 'r-token' }, 'r-token'],
    [{ refreshJwt: '' }, null],
    [{ refreshJwt: 42 }, null],
    [{}, null],
    ['r-token', null],
    [undefined, null],
  ] as const)('the refresh JWT of %j is %j', ([input, expected]) => {
    const refreshJwt = resolveRefreshJwt(input);
    expect(refreshJwt === null ? null : refreshJwt.reveal()).toBe(expected);
  });
});

describe('a new context', () => {
  it('starts a flow on the channel of the settings, checked with the refresh JWT it was given', () => {
    const created = createContext({ projectId, operation: 'updatePhone', channel: 'sms', refreshJwt: 'r' });
    expect(created).toStrictEqual({
      loginId: '',
      channel: 'sms',
      pendingChannel: null,
      maskedDestination: null,
      newAddress: null,
      generation: 0,
      attemptsLeft: undefined,
      resendAvailableAt: 0,
      resendReady: true,
      retryAfterAt: 0,
      codeExpiresAt: undefined,
      codeExpired: false,
      error: null,
      settings: { ...defaults, projectId, operation: 'updatePhone', channel: 'sms' },
      refreshJwt: expect.any(SecretValue),
    });
    expect(createContext({ projectId, operation: 'updatePhone', channel: 'sms' })).toMatchObject({
      refreshJwt: null,
      error: { kind: 'invalidInput', field: 'refreshJwt' },
    });
    expect(createContext(undefined).error).toEqual({ kind: 'invalidInput', field: 'projectId' });
  });

  it('keeps the login ID it is given', () => {
    expect(freshFlow(resolveSettings({ projectId }), 'ada@example.com').loginId).toBe('ada@example.com');
  });
});

describe('SEND and RESEND', () => {
  it('a SEND is checked against the settings and the refresh JWT', () => {
    const update = context({ operation: 'updateEmail', refreshJwt: 'r' });
    expect(sendProblemOf(update, { type: 'SEND', loginId: 'ada', email: 'new@example.com' })).toBeNull();
    expect(
      sendProblemOf(
        { ...update, refreshJwt: null },
        { type: 'SEND', loginId: 'ada', email: 'new@example.com' },
      ),
    ).toEqual({ kind: 'invalidInput', field: 'refreshJwt' });
  });

  it('a RESEND is checked against the settings, then against the channel the code went to', () => {
    const sms = context({ channel: 'sms' });
    expect(resendProblemOf(sms, { type: 'RESEND' })).toBeNull();
    expect(resendProblemOf(sms, { type: 'RESEND', channel: 'voice' })).toBeNull();
    expect(resendProblemOf(sms, { type: 'RESEND', channel: 'email' })).toEqual({
      kind: 'invalidInput',
      field: 'channel',
    });
    expect(resendProblemOf({ ...sms, channel: 'email' }, { type: 'RESEND', channel: 'email' })).toBeNull();
    const update = context({ operation: 'updateEmail', refreshJwt: 'r' });
    expect(resendProblemOf(update, { type: 'RESEND' })).toBeNull();
    expect(resendProblemOf({ ...update, refreshJwt: null }, { type: 'RESEND' })).toEqual({
      kind: 'invalidInput',
      field: 'refreshJwt',
    });
  });

  it.for([
    ['signUpOrIn', 'new@example.com', '+14155550100', null],
    ['updateEmail', 'new@example.com', '+14155550100', 'new@example.com'],
    ['updatePhone', 'new@example.com', '+14155550100', '+14155550100'],
    ['updateEmail', undefined, '+14155550100', null],
  ] as const)('an accepted %s SEND keeps the new address %j', ([operation, email, phone, newAddress]) => {
    const before = context({ operation, refreshJwt: 'r' }, { error: { kind: 'network' } });
    expect(acceptedSend(before, { type: 'SEND', loginId: 'ada', email, phone })).toStrictEqual({
      loginId: 'ada',
      pendingChannel: 'email',
      newAddress,
      error: null,
    });
  });

  it('an accepted SEND goes over its own channel, else the channel of the settings', () => {
    const before = context({ channel: 'voice' }, { channel: 'sms' });
    expect(acceptedSend(before, { type: 'SEND', loginId: '+14155550100' }).pendingChannel).toBe('voice');
    expect(
      acceptedSend(before, { type: 'SEND', loginId: '+14155550100', channel: 'im' }).pendingChannel,
    ).toBe('im');
  });
});

describe('a sent code', () => {
  const now = 1_700_000_000_000;

  it('counts a generation, moves to the pending channel and starts the cooldown and the expiry', () => {
    const before = context(
      { channel: 'sms', resendCooldownMs: 30_000, codeTtlMs: 300_000 },
      { generation: 2, pendingChannel: 'voice', error: { kind: 'network' }, codeExpired: true },
    );
    expect(
      sentCode(before, { maskedDestination: '+1******0100', verificationAttempts: 3 }, now),
    ).toStrictEqual({
      generation: 3,
      channel: 'voice',
      pendingChannel: null,
      maskedDestination: '+1******0100',
      attemptsLeft: 3,
      resendAvailableAt: now + 30_000,
      resendReady: false,
      codeExpiresAt: now + 300_000,
      codeExpired: false,
      error: null,
    });
  });

  it('keeps the channel with nothing pending, and has no expiry without a code TTL', () => {
    const before = context({ channel: 'sms', resendCooldownMs: 1 });
    expect(sentCode(before, {}, now)).toMatchObject({
      channel: 'sms',
      resendReady: false,
      resendAvailableAt: now + 1,
      codeExpiresAt: undefined,
    });
  });

  it('is ready to resend at once with no cooldown', () => {
    expect(sentCode(context({ resendCooldownMs: 0 }), {}, now)).toMatchObject({
      resendReady: true,
      resendAvailableAt: now,
    });
  });

  it.for([
    [{ maskedDestination: 'a***@example.com', verificationAttempts: 0 }, 'a***@example.com', 0],
    [{ maskedDestination: 7, verificationAttempts: -1 }, null, undefined],
    [{ verificationAttempts: '3' }, null, undefined],
    [null, null, undefined],
    ['sent', null, undefined],
  ] as const)('reads %j as %j with attempts %j', ([output, maskedDestination, attemptsLeft]) => {
    expect(sentCode(context(), output, now)).toMatchObject({ maskedDestination, attemptsLeft });
  });
});

describe('a failed request', () => {
  const now = 1_000_000;

  it('keeps the failure and drops the pending channel', () => {
    expect(failedRequest(context({}, { pendingChannel: 'sms' }), { kind: 'network' }, now)).toStrictEqual({
      error: { kind: 'network' },
      pendingChannel: null,
    });
  });

  it.for([
    [3, 2],
    [1, 0],
    [0, 0],
  ])('a wrong code with %i attempts left leaves %i', ([before, after]) => {
    const failure = { kind: 'wrongCode', errorCode: 'E061102' } as const;
    expect(failedRequest(context({}, { attemptsLeft: before }), failure, now)).toStrictEqual({
      error: { ...failure, attemptsLeft: after },
      attemptsLeft: after,
      pendingChannel: null,
    });
  });

  it('a wrong code counts nothing when the attempts are unknown, and another failure never counts', () => {
    expect(failedRequest(context(), { kind: 'wrongCode' }, now)).toStrictEqual({
      error: { kind: 'wrongCode' },
      pendingChannel: null,
    });
    expect(failedRequest(context({}, { attemptsLeft: 2 }), { kind: 'codeExpired' }, now)).toStrictEqual({
      error: { kind: 'codeExpired' },
      pendingChannel: null,
    });
  });

  it('a rate limit pushes the resend back to when the server allows it', () => {
    const failure = { kind: 'rateLimited', retryAfterMs: 60_000 } as const;
    const before = context({}, { resendAvailableAt: now + 30_000, resendReady: false, retryAfterAt: 0 });
    expect(failedRequest(before, failure, now)).toStrictEqual({
      error: failure,
      pendingChannel: null,
      retryAfterAt: now + 60_000,
      resendAvailableAt: now + 60_000,
      resendReady: false,
    });
  });

  it('a rate limit shorter than the cooldown or an earlier wait leaves them', () => {
    const failure = { kind: 'rateLimited', retryAfterMs: 10_000 } as const;
    const before = context(
      {},
      { resendAvailableAt: now + 10_000, resendReady: false, retryAfterAt: now + 20_000 },
    );
    expect(failedRequest(before, failure, now)).toStrictEqual({
      error: failure,
      pendingChannel: null,
      retryAfterAt: now + 20_000,
    });
  });
});

describe('a reset', () => {
  const now = 1_000_000;

  it('keeps the login ID, the settings and a wait the server asked for', () => {
    const before = context(
      { channel: 'sms' },
      { loginId: '+14155550100', generation: 3, retryAfterAt: now + 1, resendAvailableAt: now + 30_000 },
    );
    expect(resetFlow(before, now)).toMatchObject({
      loginId: '+14155550100',
      generation: 0,
      retryAfterAt: now + 1,
      resendAvailableAt: now + 1,
      resendReady: false,
      error: null,
      settings: before.settings,
    });
  });

  it('is ready at once when the wait ends now', () => {
    const before = context({}, { retryAfterAt: now, resendAvailableAt: now + 30_000, resendReady: false });
    expect(resetFlow(before, now)).toMatchObject({
      retryAfterAt: now,
      resendAvailableAt: 0,
      resendReady: true,
    });
  });

  it('checks the settings again, with the refresh JWT the flow holds', () => {
    const before = context({ operation: 'updateEmail', refreshJwt: 'r' }, { error: { kind: 'network' } });
    expect(resetFlow(before, now).error).toBeNull();
    expect(resetFlow({ ...before, refreshJwt: null }, now).error).toEqual({
      kind: 'invalidInput',
      field: 'refreshJwt',
    });
  });
});

describe('a restored context', () => {
  const settings = resolveSettings({ projectId, channel: 'sms' });

  it('takes the settings and the refresh JWT from the input', () => {
    const restored = restoredContext(
      { loginId: 'ada', settings, refreshJwt: new SecretValue('old'), codeExpired: true },
      { projectId, channel: 'voice', refreshJwt: 'new' },
    );
    expect(restored).toMatchObject({ loginId: 'ada', codeExpired: true, settings: { channel: 'voice' } });
    expect((restored.refreshJwt as SecretValue).reveal()).toBe('new');
    expect(restoredContext({ refreshJwt: new SecretValue('old') }, { projectId }).refreshJwt).toBeNull();
  });

  it('keeps its own settings and refresh JWT without an input', () => {
    const refreshJwt = new SecretValue('kept');
    expect(restoredContext({ settings, refreshJwt }, undefined)).toStrictEqual({
      settings,
      refreshJwt,
      codeExpired: false,
    });
    expect(restoredContext({ settings, refreshJwt: 'kept' }, 'input')).toMatchObject({ refreshJwt: null });
  });

  it.for([[undefined], [null], ['context'], [{ codeExpired: 'yes' }], [{ codeExpired: 1 }]])(
    'of %j has the default settings, no refresh JWT and an unexpired code',
    ([given]) => {
      expect(restoredContext(given, undefined)).toMatchObject({
        codeExpired: false,
        settings: defaults,
        refreshJwt: null,
      });
    },
  );
});
