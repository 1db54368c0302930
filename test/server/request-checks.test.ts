import { describe, expect, it } from 'vitest';
import { failureMessage } from '../../src/index.ts';
import { allowedChannelsOf, argumentProblem } from '../../src/server/arguments.ts';
import {
  bindingOf,
  hashBinding,
  isBoundTo,
  isNewBinding,
  isSameText,
  newBinding,
  withBindingHash,
} from '../../src/server/binding.ts';
import { readCookie, serializeCookie, serializeFlowCookie } from '../../src/server/cookie.ts';
import { sha256 } from '../../src/server/hash.ts';
import { retryAfterOf } from '../../src/server/http-status.ts';
import {
  describeFailure,
  type FlowFailure,
  httpStatusOf,
  serverFailureKinds,
  serverFailureMessage,
} from '../../src/server/index.ts';
import { allowedOriginsOf, isHost, originRefusal } from '../../src/server/origin.ts';

describe('allowedOrigins', () => {
  it('is null when not given, and each origin normalized', () => {
    expect(allowedOriginsOf(undefined)).toBeNull();
    expect([...(allowedOriginsOf(['HTTPS://App.Example:443/', 'http://localhost:5173']) ?? [])]).toEqual([
      'https://app.example',
      'http://localhost:5173',
    ]);
  });

  it('refuses a value that is not a list', () => {
    expect(() => allowedOriginsOf('https://app.example' as never)).toThrow(
      new TypeError('createOtpHandler: allowedOrigins must be a list of origins'),
    );
  });

  it.each([
    'https://app.example/path',
    'https://app.example/?q=1',
    'https://app.example/#top',
    'https://user@app.example',
    'https://user:pass@app.example',
    'file:///',
    'not a url',
    42,
    new URL('https://app.example'),
  ])('refuses %s, naming it', (origin) => {
    expect(() => allowedOriginsOf([origin as string])).toThrow(
      new TypeError(`createOtpHandler: allowedOrigins holds ${JSON.stringify(origin)}, not an origin`),
    );
  });
});

describe('originRefusal', () => {
  const own = () => 'https://app.example';
  const cross = 'Requests from this origin are not allowed.';
  const site = 'Cross-site requests are not allowed.';
  const allowed = new Set(['https://partner.example']);

  it.each([
    [{ origin: null, site: null }, null, null],
    [{ origin: 'https://app.example', site: null }, null, null],
    [{ origin: 'https://evil.example', site: null }, null, cross],
    [{ origin: 'https://app.example', site: 'same-origin' }, null, null],
    [{ origin: null, site: 'none' }, null, null],
    [{ origin: 'https://app.example', site: 'same-site' }, null, null],
    [{ origin: null, site: 'same-site' }, null, site],
    [{ origin: 'https://app.example', site: 'cross-site' }, null, null],
    [{ origin: null, site: 'cross-site' }, null, site],
    [{ origin: 'https://app.example', site: 'other' }, null, site],
    [{ origin: null, site: '' }, null, site],
    [{ origin: 'https://partner.example', site: 'cross-site' }, allowed, null],
    [{ origin: 'https://app.example', site: 'same-origin' }, allowed, cross],
  ] as const)('%j with %s allowed answers %s', (headers, origins, expected) => {
    expect(originRefusal(headers, own, origins)).toBe(expected);
  });
});

describe('isHost', () => {
  const label = 'a'.repeat(63);
  const longest = `${[label, label, label, label].join('.')}:1234`;

  it.each([
    'a',
    'a1',
    'a-b-c',
    'app.example',
    'APP.Example',
    'app.example.',
    'app.example:8080',
    'a:1',
    'a:65535',
    '127.0.0.1:3000',
    '[::1]',
    '[::1]:3000',
    '[2001:db8::ffff:192.0.2.1]',
    label,
    `${label}.example`,
    longest,
  ])('accepts %s', (host) => {
    expect(isHost(host)).toBe(true);
  });

  it.each([
    null,
    '',
    '[]',
    '[zz]',
    '[::1',
    `a${label}`,
    `a${label}.example`,
    '-a',
    'a-',
    'a_b',
    'app..example',
    '.app',
    'a:',
    'a:123456',
    'a:1x',
    'app example',
    ' app',
    'app/',
    'app.example/x',
    `${longest}5`,
  ])('refuses %s', (host) => {
    expect(isHost(host)).toBe(false);
  });

  it('takes 260 characters and no more', () => {
    expect(longest).toHaveLength(260);
    expect(isHost(longest)).toBe(true);
    expect(isHost(`${label}.${label}.${label}.${label}:12345`)).toBe(false);
  });
});

describe('flow bindings', () => {
  it('makes 43-character secrets, and knows their shape', () => {
    const secret = newBinding();
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(newBinding()).not.toBe(secret);
    expect(isNewBinding(secret)).toBe(true);
    expect(isNewBinding('a'.repeat(43))).toBe(true);
    for (const value of ['a'.repeat(42), 'a'.repeat(44), `${'a'.repeat(42)}+`, ['a'.repeat(43)], undefined])
      expect(isNewBinding(value)).toBe(false);
  });

  it('hashes a binding of 16 to 512 characters, and calls others invalid', async () => {
    expect(await hashBinding(undefined)).toEqual({ kind: 'none' });
    for (const length of [16, 17, 511, 512]) {
      const binding = 'b'.repeat(length);
      expect(await hashBinding(binding)).toEqual({ kind: 'hashed', hash: await sha256(binding) });
    }
    for (const binding of ['b'.repeat(15), 'b'.repeat(513), '', null, 42])
      expect(await hashBinding(binding)).toEqual({ kind: 'invalid' });
  });

  it('compares texts exactly', () => {
    expect(isSameText('', '')).toBe(true);
    expect(isSameText('abc', 'abc')).toBe(true);
    for (const [a, b] of [
      ['abc', 'abd'],
      ['abc', 'ab'],
      ['ab', 'abc'],
      ['xbc', 'abc'],
      ['', 'a'],
    ])
      expect(isSameText(a as string, b as string), `${a} ${b}`).toBe(false);
  });

  it('keeps a hash beside a flow only when there is one', () => {
    const flow = { version: 1, snapshot: {} } as never;
    expect(withBindingHash(flow, { kind: 'hashed', hash: 'h' })).toEqual({
      version: 1,
      snapshot: {},
      binding: 'h',
    });
    for (const binding of [{ kind: 'none' }, { kind: 'invalid' }, { kind: 'hashed', hash: '' }] as const)
      expect(Object.keys(withBindingHash(flow, binding))).toEqual(['version', 'snapshot']);
  });

  it('reads the hash a stored flow keeps', () => {
    expect(bindingOf({ binding: 'h' })).toEqual({ kind: 'hashed', hash: 'h' });
    expect(bindingOf({})).toEqual({ kind: 'none' });
    expect(bindingOf(null)).toEqual({ kind: 'none' });
    expect(bindingOf('binding')).toEqual({ kind: 'none' });
    expect(bindingOf({ binding: 5 })).toEqual({ kind: 'invalid' });
  });

  it('lets a step take an unbound flow, or a bound one with the same binding only', () => {
    const hashed = { kind: 'hashed', hash: 'h' } as const;
    for (const given of [hashed, { kind: 'none' }, { kind: 'invalid' }] as const)
      expect(isBoundTo({}, given)).toBe(true);
    expect(isBoundTo({ binding: 'h' }, hashed)).toBe(true);
    expect(isBoundTo({ binding: 'h' }, { kind: 'hashed', hash: 'g' })).toBe(false);
    expect(isBoundTo({ binding: 'h' }, { kind: 'none' })).toBe(false);
    expect(isBoundTo({ binding: 'h' }, { kind: 'invalid' })).toBe(false);
    expect(isBoundTo({ binding: 5 }, hashed)).toBe(false);
  });
});

describe('cookies', () => {
  const jwt = (payload: object) => `h.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.s`;

  it('writes the flow cookie HttpOnly and Strict, with Secure and Domain when asked', () => {
    expect(serializeFlowCookie('v', { name: 'n', path: '/p', secure: true, domain: 'app.example' })).toBe(
      'n=v; Domain=app.example; HttpOnly; Secure; SameSite=Strict; Path=/p',
    );
    expect(serializeFlowCookie('v', { name: 'otp-flow', path: '/', secure: false })).toBe(
      'otp-flow=v; HttpOnly; SameSite=Strict; Path=/',
    );
  });

  it('writes the refresh cookie with its defaults, and a Max-Age to the token expiry', () => {
    const token = jwt({ exp: 2000, pad: '??>>~~' });
    expect(token).toMatch(/-.*_|_.*-/);
    expect(serializeCookie(token, {}, 1_000_500)).toBe(
      `DSR=${token}; Max-Age=999; HttpOnly; Secure; SameSite=Strict; Path=/`,
    );
    expect(serializeCookie(token, {}, 3_000_000)).toContain('; Max-Age=0;');
    expect(
      serializeCookie(
        token,
        { name: 'r', path: '/a', domain: 'app.example', sameSite: 'Lax', secure: false },
        0,
      ),
    ).toBe(`r=${token}; Max-Age=2000; Domain=app.example; HttpOnly; SameSite=Lax; Path=/a`);
  });

  it('leaves Max-Age out when the token has no readable expiry', () => {
    for (const token of [jwt({ exp: '2000' }), jwt({}), 'h.%%%.s', 'opaque'])
      expect(serializeCookie(token, {}, 0)).toBe(`DSR=${token}; HttpOnly; Secure; SameSite=Strict; Path=/`);
  });

  it('reads one cookie by name', () => {
    expect(readCookie(null, 'a')).toBeUndefined();
    expect(readCookie('a=1; b=2', 'b')).toBe('2');
    expect(readCookie('b=x=y', 'b')).toBe('x=y');
    expect(readCookie('b=', 'b')).toBe('');
    expect(readCookie('b', 'b')).toBeUndefined();
    expect(readCookie('ab=1', 'b')).toBeUndefined();
    expect(readCookie('b=1; b=2', 'b')).toBe('1');
  });
});

describe('step arguments', () => {
  const input = { projectId: 'P' } as never;
  const listError = new TypeError(
    'createOtpFlows: channels must be a non-empty list of email, sms, voice, whatsapp, im',
  );

  it('allows the input channel alone by default, or the listed channels', () => {
    expect([...allowedChannelsOf(input, undefined)]).toEqual(['email']);
    expect([...allowedChannelsOf({ projectId: 'P', channel: 'sms' }, undefined)]).toEqual(['sms']);
    expect([...allowedChannelsOf(input, ['sms', 'email'])]).toEqual(['sms', 'email']);
  });

  it('refuses a channel list that is not a non-empty list of channels, or leaves the input channel out', () => {
    for (const channels of ['email', [], ['email', 'fax'], null])
      expect(() => allowedChannelsOf(input, channels)).toThrow(listError);
    expect(() => allowedChannelsOf(input, ['sms'])).toThrow(
      new TypeError("createOtpFlows: channels must include the input's channel (email)"),
    );
  });

  it('names the first field that is not a string of at most 320 characters, then a channel not allowed', () => {
    const allowed = new Set(['email', 'sms'] as const);
    const names = ['loginId', 'email'] as const;
    expect(argumentProblem({ loginId: 'x'.repeat(320), channel: 'sms' }, names, allowed)).toBeNull();
    expect(argumentProblem({}, names, allowed)).toBeNull();
    expect(argumentProblem({ loginId: 'x'.repeat(321) }, names, allowed)).toEqual({
      kind: 'invalidInput',
      field: 'loginId',
    });
    expect(argumentProblem({ loginId: 'a', email: 7, channel: 'fax' }, names, allowed)).toEqual({
      kind: 'invalidInput',
      field: 'email',
    });
    expect(argumentProblem({ loginId: null }, names, allowed)).toEqual({
      kind: 'invalidInput',
      field: 'loginId',
    });
    expect(argumentProblem({ loginId: 'a', channel: 'voice' }, names, allowed)).toEqual({
      kind: 'invalidInput',
      field: 'channel',
    });
  });
});

describe('answers', () => {
  it('gives each failure kind its status', () => {
    const expected = {
      invalidInput: 400,
      wrongCode: 401,
      tooManyAttempts: 403,
      codeExpired: 410,
      userNotFound: 404,
      userAlreadyExists: 409,
      conflict: 409,
      rateLimited: 429,
      unauthorized: 401,
      network: 502,
      timeout: 504,
      server: 502,
      busy: 409,
      unknownFlow: 404,
      storeUnavailable: 503,
      notStored: 503,
      destinationNotAllowed: 403,
      botCheckFailed: 403,
    };
    expect(httpStatusOf(null)).toBe(200);
    for (const [kind, status] of Object.entries(expected))
      expect(httpStatusOf({ kind } as FlowFailure), kind).toBe(status);
    expect(httpStatusOf({ kind: 'server', status: 503 } as FlowFailure)).toBe(503);
    expect(httpStatusOf({ kind: 'server', status: 500 } as FlowFailure)).toBe(502);
    expect(httpStatusOf({ kind: 'network', status: 503 } as never)).toBe(502);
  });

  it('gives Retry-After in whole seconds, at least one', () => {
    const limited = (retryAfterMs: unknown) => ({ kind: 'rateLimited', retryAfterMs }) as FlowFailure;
    expect(retryAfterOf(null)).toBeUndefined();
    expect(retryAfterOf({ kind: 'busy' })).toBeUndefined();
    expect(retryAfterOf(limited(undefined))).toBeUndefined();
    expect(retryAfterOf(limited(0))).toBe(1);
    expect(retryAfterOf(limited(1000))).toBe(1);
    expect(retryAfterOf(limited(1001))).toBe(2);
    expect(retryAfterOf(limited(60_000))).toBe(60);
  });

  it('describes each failure in English', () => {
    for (const kind of serverFailureKinds)
      expect(describeFailure({ kind })).toEqual({ kind, message: serverFailureMessage({ kind }) });
    expect(describeFailure({ kind: 'invalidInput', field: 'binding' } as FlowFailure)).toEqual({
      kind: 'invalidInput',
      field: 'binding',
      message: 'This sign-in could not be tied to this browser. Start again.',
    });
    for (const error of [
      { kind: 'invalidInput', field: 'loginId' },
      { kind: 'wrongCode', errorCode: 'E061102' },
    ] as FlowFailure[]) {
      const described = describeFailure(error);
      expect(described.message).toBe(failureMessage(error as never));
      expect(described.message).not.toBe('This sign-in could not be tied to this browser. Start again.');
    }
  });
});
