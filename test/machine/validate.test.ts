import { describe, expect, it } from 'vitest';
import type { OtpSettings } from '../../machines/otp.types.ts';
import {
  isAllowedBaseUrl,
  isChannelAllowed,
  isEmail,
  isLoopbackHostname,
  isPhone,
  maxTimerMs,
  needsRefreshJwt,
  normalizeCode,
  regionOf,
  validateChannelSwitch,
  validateSendEvent,
  validateSettings,
} from '../../machines/validate.ts';

const projectId = 'P2aAc4T2V93bddihGEx2Ryhc8e5Z';
const settings = (given: Partial<OtpSettings> = {}): OtpSettings => ({
  projectId,
  operation: 'signUpOrIn',
  channel: 'email',
  resendCooldownMs: 30_000,
  codeLength: 6,
  requestTimeoutMs: 15_000,
  ...given,
});

describe('addresses', () => {
  it.for([
    ['ada@example.com', true],
    ['a@b.co', true],
    ['mail ada@example.com', false],
    ['ada@example.com today', false],
    ['ada@example', false],
    ['@example.com', false],
    [42, false],
    [['ada@example.com'], false],
  ] as const)('isEmail(%j) is %s', ([value, expected]) => {
    expect(isEmail(value)).toBe(expected);
  });

  it.for([
    ['+1234567', true],
    ['+123456', false],
    [`+1${'2'.repeat(14)}`, true],
    [`+1${'2'.repeat(15)}`, false],
    ['+04155550100', false],
    ['14155550100', false],
    ['call +14155550100', false],
    ['+14155550100 now', false],
    [14155550100, false],
    [['+14155550100'], false],
  ] as const)('isPhone(%j) is %s', ([value, expected]) => {
    expect(isPhone(value)).toBe(expected);
  });

  it.for([
    ['localhost', true],
    ['[::1]', true],
    ['127.0.0.1', true],
    ['127.255.10.200', true],
    ['evil.localhost', false],
    ['localhost.evil.example', false],
    ['127.0.0.1.nip.io', false],
    ['10.127.0.0.1', false],
    ['127.0.0.1000', false],
    ['127.0.1', false],
    ['[::2]', false],
  ] as const)('isLoopbackHostname(%j) is %s', ([value, expected]) => {
    expect(isLoopbackHostname(value)).toBe(expected);
  });

  it.for([
    ['https://api.descope.com', true],
    ['https://example.com:8443/base', true],
    ['http://localhost:3000', true],
    ['http://127.0.0.1:4000', true],
    ['http://[::1]:4000', true],
    ['http://api.descope.com', false],
    ['ftp://localhost', false],
    ['ws://localhost', false],
    ['not a url', false],
    ['', false],
  ] as const)('isAllowedBaseUrl(%j) is %s', ([value, expected]) => {
    expect(isAllowedBaseUrl(value)).toBe(expected);
  });
});

describe('channels per operation', () => {
  it.for([
    ['signUpOrIn', 'email', true],
    ['signUpOrIn', 'whatsapp', true],
    ['signIn', 'voice', true],
    ['signUp', 'fax', false],
    ['signUp', undefined, false],
    ['updateEmail', 'email', true],
    ['updateEmail', 'sms', false],
    ['updatePhone', 'sms', true],
    ['updatePhone', 'im', true],
    ['updatePhone', 'email', false],
  ] as const)('%s over %j is allowed: %s', ([operation, channel, expected]) => {
    expect(isChannelAllowed(operation, channel)).toBe(expected);
  });

  it.for([
    ['signUpOrIn', 'email', undefined, null],
    ['signUpOrIn', 'sms', 'voice', null],
    ['signUpOrIn', 'email', 'email', null],
    ['signUpOrIn', 'email', 'sms', 'channel'],
    ['signUpOrIn', 'sms', 'email', 'channel'],
    ['signIn', 'email', 'sms', null],
    ['signUp', 'sms', 'email', null],
    ['updatePhone', 'sms', 'whatsapp', null],
    ['updatePhone', 'sms', 'email', 'channel'],
    ['updateEmail', 'email', 'sms', 'channel'],
    ['signIn', 'email', 'fax', 'channel'],
  ] as const)('%s switching from %s to %j: %s', ([operation, from, to, field]) => {
    expect(validateChannelSwitch(operation, from, to)).toEqual(
      field === null ? null : { kind: 'invalidInput', field },
    );
  });
});

describe('the refresh JWT an operation needs', () => {
  it.for([
    [{ operation: 'updateEmail' }, true],
    [{ operation: 'updatePhone', channel: 'sms' }, true],
    [{ operation: 'signIn', loginOptions: { stepup: true } }, true],
    [{ operation: 'signIn', loginOptions: { mfa: true } }, true],
    [{ operation: 'signIn', loginOptions: { stepup: false, mfa: false } }, false],
    [{ operation: 'signIn' }, false],
    [{ operation: 'signUpOrIn', loginOptions: { stepup: true, mfa: true } }, false],
    [{ operation: 'signUp', loginOptions: { mfa: true } }, false],
  ] as const)('%j: %s', ([given, expected]) => {
    expect(needsRefreshJwt(settings(given))).toBe(expected);
    expect(validateSettings(settings(given), false)).toEqual(
      expected ? { kind: 'invalidInput', field: 'refreshJwt' } : null,
    );
    expect(validateSettings(settings(given), true)).toBeNull();
  });
});

describe('regions of project IDs', () => {
  it.for([
    ['P2aAc4T2V93bddihGEx2Ryhc8e5Z', ''],
    [`P${'a'.repeat(30)}`, ''],
    [`Puse1${'A'.repeat(27)}`, 'use1'],
    [`Peuc1${'A'.repeat(27)}`, 'euc1'],
    [`P${'a'.repeat(31)}`, 'aaaa'],
    [`P${'A'.repeat(31)}`, null],
    [`PEUC1${'a'.repeat(27)}`, null],
  ] as const)('%s is in region %j', ([id, region]) => {
    expect(regionOf(id)).toBe(region);
    expect(validateSettings(settings({ projectId: id }), false)).toEqual(
      region === null ? { kind: 'invalidInput', field: 'projectId' } : null,
    );
    expect(
      validateSettings(settings({ projectId: id, baseUrl: 'https://descope.example' }), false),
    ).toBeNull();
  });
});

describe('settings', () => {
  it.for<[string, Record<string, unknown>, string | null]>([
    ['the defaults', {}, null],
    ['a project ID of one character', { projectId: 'P' }, null],
    ['an empty project ID', { projectId: '' }, 'projectId'],
    ['a project ID that is not a string', { projectId: 42 }, 'projectId'],
    ['a project ID with a dash', { projectId: 'P2aAc4T2V93-bddih' }, 'projectId'],
    ['a project ID with a leading space', { projectId: ` ${projectId}` }, 'projectId'],
    ['a project ID with a trailing space', { projectId: `${projectId} ` }, 'projectId'],
    ['an unknown operation', { operation: 'signOut' }, 'operation'],
    ['a channel the operation refuses', { operation: 'updatePhone', channel: 'email' }, 'channel'],
    ['an unknown channel', { channel: 'fax' }, 'channel'],
    ['a base URL that is not one', { baseUrl: 'api.descope.com' }, 'baseUrl'],
    ['a base URL on loopback', { baseUrl: 'http://localhost:4000' }, null],
    ['a code length of 1', { codeLength: 1 }, null],
    ['a code length of 12', { codeLength: 12 }, null],
    ['a code length of 0', { codeLength: 0 }, 'codeLength'],
    ['a code length of 13', { codeLength: 13 }, 'codeLength'],
    ['a code length of 6.5', { codeLength: 6.5 }, 'codeLength'],
    ['a code length that is a string', { codeLength: '6' }, 'codeLength'],
    ['a request timeout of 1 ms', { requestTimeoutMs: 1 }, null],
    ['the longest request timeout', { requestTimeoutMs: maxTimerMs }, null],
    ['a request timeout of 0', { requestTimeoutMs: 0 }, 'requestTimeoutMs'],
    ['a request timeout past the longest timer', { requestTimeoutMs: maxTimerMs + 1 }, 'requestTimeoutMs'],
    ['a request timeout that is a string', { requestTimeoutMs: '15000' }, 'requestTimeoutMs'],
    ['no cooldown', { resendCooldownMs: 0 }, null],
    ['the longest cooldown', { resendCooldownMs: maxTimerMs }, null],
    ['a negative cooldown', { resendCooldownMs: -1 }, 'resendCooldownMs'],
    ['a cooldown past the longest timer', { resendCooldownMs: maxTimerMs + 1 }, 'resendCooldownMs'],
    ['a code TTL of 1 ms', { codeTtlMs: 1 }, null],
    ['a code TTL of 0', { codeTtlMs: 0 }, 'codeTtlMs'],
    ['a code TTL past the longest timer', { codeTtlMs: maxTimerMs + 1 }, 'codeTtlMs'],
    ['login options', { loginOptions: { templateId: 't' } }, null],
    ['login options of null', { loginOptions: null }, 'loginOptions'],
    ['a user that is a list', { user: ['Ada'] }, 'user'],
    ['a user that is an object', { user: { name: 'Ada' } }, null],
    ['update options that are a string', { updateOptions: 'merge' }, 'updateOptions'],
    ['update options', { updateOptions: { addToLoginIDs: true } }, null],
  ])('%s: %j', ([_, given, field]) => {
    expect(validateSettings(settings(given as Partial<OtpSettings>), true)).toEqual(
      field === null ? null : { kind: 'invalidInput', field },
    );
  });

  it('reports the first problem: the project ID before the operation, the channel and the numbers', () => {
    const all = { operation: 'signOut', channel: 'fax', codeLength: 0, requestTimeoutMs: 0 };
    expect(validateSettings(settings({ ...all, projectId: '' } as never), true)).toEqual({
      kind: 'invalidInput',
      field: 'projectId',
    });
    expect(validateSettings(settings(all as never), true)).toEqual({
      kind: 'invalidInput',
      field: 'operation',
    });
  });
});

describe('SEND events', () => {
  const send = (given: Partial<OtpSettings>, event: Record<string, unknown>, hasRefreshJwt = true) =>
    validateSendEvent(settings(given), hasRefreshJwt, event);

  it.for<[string, Partial<OtpSettings>, Record<string, unknown>, string | null]>([
    ['an email login ID', {}, { loginId: 'ada@example.com' }, null],
    ['a login ID of spaces', {}, { loginId: '   ' }, 'loginId'],
    ['a login ID that is a number', {}, { loginId: 4 }, 'loginId'],
    ['a phone login ID over email', {}, { loginId: '+14155550100' }, 'loginId'],
    ['a phone login ID over sms', {}, { loginId: '+14155550100', channel: 'sms' }, null],
    ['an email login ID over sms', {}, { loginId: 'ada@example.com', channel: 'sms' }, 'loginId'],
    ['the settings channel', { channel: 'voice' }, { loginId: '+14155550100' }, null],
    ['an unknown channel', {}, { loginId: 'ada@example.com', channel: 'fax' }, 'channel'],
    ['any login ID on sign-in', { operation: 'signIn' }, { loginId: 'ada' }, null],
    ['a sign-in login ID of spaces', { operation: 'signIn' }, { loginId: ' \t ' }, 'loginId'],
    ['a sign-in login ID that is a number', { operation: 'signIn' }, { loginId: 7 }, 'loginId'],
    ['a sign-in with no login ID', { operation: 'signIn' }, {}, 'loginId'],
    ['any login ID on sign-up', { operation: 'signUp', channel: 'sms' }, { loginId: 'ada' }, null],
    ['an email update', { operation: 'updateEmail' }, { loginId: 'ada', email: 'new@example.com' }, null],
    ['an email update without email', { operation: 'updateEmail' }, { loginId: 'ada' }, 'email'],
    [
      'a phone update',
      { operation: 'updatePhone', channel: 'sms' },
      { loginId: 'ada', phone: '+14155550100' },
      null,
    ],
    [
      'a phone update with an email',
      { operation: 'updatePhone', channel: 'sms' },
      { loginId: 'ada', phone: 'new@example.com' },
      'phone',
    ],
    [
      'an email update over sms',
      { operation: 'updateEmail' },
      { loginId: 'ada', email: 'new@example.com', channel: 'sms' },
      'channel',
    ],
  ])('%s: %j', ([_, given, event, field]) => {
    expect(send(given, event)).toEqual(field === null ? null : { kind: 'invalidInput', field });
  });

  it('checks the settings first', () => {
    expect(send({ codeLength: 0 }, { loginId: '' })).toEqual({ kind: 'invalidInput', field: 'codeLength' });
    expect(send({ operation: 'updateEmail' }, { loginId: 'ada', email: 'x' }, false)).toEqual({
      kind: 'invalidInput',
      field: 'refreshJwt',
    });
  });
});

describe('codes', () => {
  it.for([
    ['123456', 6, '123456'],
    [' 123-456 ', 6, '123456'],
    ['12 34\t56', 6, '123456'],
    ['1-2-3-4', 4, '1234'],
    ['12345', 6, null],
    ['1234567', 6, null],
    ['12a456', 6, null],
    ['١٢٣٤٥٦', 6, null],
    ['', 6, null],
    [123456, 6, null],
    [null, 6, null],
  ] as const)('%j of length %i is %j', ([code, length, expected]) => {
    expect(normalizeCode(code, length)).toBe(expected);
  });
});
