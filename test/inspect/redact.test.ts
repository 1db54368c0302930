import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { waitFor } from 'xstate';
import { OtpError, otpMachine, REDACTED, redact, SecretValue } from '../../src/index.ts';
import { holds } from '../helpers/codes.ts';
import { test as it } from '../helpers/fixtures.ts';

const base64url = (text: string) => Buffer.from(text).toString('base64url');
const jwt = `${base64url('{"alg":"ES256","kid":"k1"}')}.${base64url('{"sub":"U1"}')}.c2lnbmF0dXJl`;

const segment = (value: unknown) => base64url(JSON.stringify(value));
const jwtArbitrary = fc
  .tuple(
    fc.record({ alg: fc.constantFrom('RS256', 'ES256', 'HS256'), kid: fc.string(), typ: fc.constant('JWT') }),
    fc.record({ sub: fc.string(), exp: fc.nat(), amr: fc.array(fc.string()) }),
    fc.stringMatching(/^[A-Za-z0-9_-]{16,86}$/),
  )
  .map(([header, payload, signature]) => `${segment(header)}.${segment(payload)}.${signature}`);
const codeArbitrary = fc
  .integer({ min: 4, max: 8 })
  .chain((length) => fc.stringMatching(new RegExp(`^\\d{${length}}$`)));
const secretKeyArbitrary = fc.constantFrom(
  ...[
    'code',
    'Code',
    'CODE',
    'otpCode',
    'otp_code',
    'sessionJwt',
    'refreshJwt',
    'SessionJWT',
    'trustedDeviceJwt',
  ],
  ...['accessToken', 'token', 'externalToken', 'authorization', 'Authorization', 'password', 'secret'],
);

/** Wraps `value` in `levels` arrays and objects, under keys that are not secret themselves. */
const nested = (value: unknown, levels: ('array' | 'object')[], key: string) =>
  levels.reduce<unknown>((inner, level) => (level === 'array' ? [0, inner] : { [key]: inner, n: 1 }), value);

/** A secret and a value that holds it: under a secret key (a code as text or number, a JWT), or a JWT in text. */
const secretArbitrary = fc
  .record({
    kind: fc.constantFrom('keyed code', 'keyed number', 'keyed JWT', 'JWT in text'),
    code: codeArbitrary,
    jwt: jwtArbitrary,
    key: secretKeyArbitrary,
    text: fc.tuple(fc.string(), fc.constantFrom(' ', ':', '=', '"', '\n', ',', 'Bearer P2aAc:'), fc.string()),
    levels: fc.array(fc.constantFrom('array' as const, 'object' as const), { maxLength: 6 }),
    wrapper: fc.constantFrom('data', 'input', 'output', 'event', 'context', 'note'),
  })
  .map(({ kind, code, jwt, key, text: [before, separator, after], levels, wrapper }) => {
    if (kind === 'JWT in text') {
      const line = `${before}${separator}${jwt} ${after}`;
      return { secret: jwt, value: nested({ [wrapper]: line }, levels, wrapper) };
    }
    if (kind === 'keyed JWT') return { secret: jwt, value: nested({ [key]: jwt }, levels, wrapper) };
    const secret = kind === 'keyed number' ? String(Number(code)) : code;
    return {
      secret,
      value: nested({ [key]: kind === 'keyed number' ? Number(code) : code }, levels, wrapper),
    };
  });

describe('redact', () => {
  it('replaces codes, tokens and secret holders', () => {
    const input = {
      type: 'SUBMIT_CODE',
      code: '123456',
      sessionJwt: 'abc',
      refreshJwt: new SecretValue('r-secret'),
      trustedDeviceJwt: 'tdj',
      externalToken: 'ext',
      accessToken: 'acc',
      nested: [{ token: 'tok', code: 42 }],
      authorization: 'Bearer P1:r-secret',
    };
    expect(redact(input)).toEqual({
      type: 'SUBMIT_CODE',
      code: REDACTED,
      sessionJwt: REDACTED,
      refreshJwt: REDACTED,
      trustedDeviceJwt: REDACTED,
      externalToken: REDACTED,
      accessToken: REDACTED,
      nested: [{ token: REDACTED, code: REDACTED }],
      authorization: REDACTED,
    });
    expect(redact(new SecretValue('x'))).toBe(REDACTED);
    expect(redact({ refreshJwt: null, code: undefined })).toEqual({ refreshJwt: null });
  });

  it('replaces JWT-shaped strings anywhere, alone or inside text', () => {
    expect(redact({ note: jwt })).toEqual({ note: REDACTED });
    expect(redact([`Bearer P2aAc4T2V93bddihGEx2Ryhc8e5Z:${jwt}`])).toEqual([
      `Bearer P2aAc4T2V93bddihGEx2Ryhc8e5Z:${REDACTED}`,
    ]);
    expect(redact(`${jwt.slice(0, -3)}`)).toBe(REDACTED);
    expect(redact(`refresh_${jwt} end`)).toBe(`refresh_${REDACTED} end`);
    expect(redact('api.descope.com and v1.2.3 and a.b.c')).toBe('api.descope.com and v1.2.3 and a.b.c');
    const notJson = `${base64url('not json')}.${base64url('x')}.${base64url('y')}`;
    expect(redact(notJson)).toBe(notJson);
  });

  it('redacts the whole of a JWT whose parts hold every base64url character', () => {
    const header = 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxMD8_Pj5-In0';
    const payload = 'eyJzdWIiOiJVMD8_Pj5-In0';
    const token = `${header}.${payload}.Ab9-_zY`;
    expect(redact(`before ${token} after`)).toBe(`before ${REDACTED} after`);
    expect(redact(`${header}.${payload}.`)).toBe(REDACTED);
    expect(redact(`${header}.ab.cd`)).toBe(REDACTED);
    expect(redact(`(${token})`)).toBe(`(${REDACTED})`);
    expect(redact(`Bearer P2aAc4T2V93bddihGEx2Ryhc8e5Z:${token}`)).toBe(
      `Bearer P2aAc4T2V93bddihGEx2Ryhc8e5Z:${REDACTED}`,
    );
  });

  it('keeps state values, event types, channels, generations, failure kinds and error codes', () => {
    const snapshot = {
      value: { awaitingCode: 'valid' },
      status: 'active',
      context: {
        channel: 'sms',
        generation: 2,
        attemptsLeft: 1,
        maskedDestination: '+*******0100',
        error: { kind: 'wrongCode', attemptsLeft: 1, errorCode: 'E061102', errorDescription: 'Wrong code' },
      },
    };
    expect(redact(snapshot)).toEqual(snapshot);
    expect(redact({ error: { kind: 'rateLimited', retryAfterMs: 3000, errorCode: 'E130429' } })).toEqual({
      error: { kind: 'rateLimited', retryAfterMs: 3000, errorCode: 'E130429' },
    });
  });

  it('turns errors into plain objects without the stack', () => {
    const error = new OtpError({ kind: 'tooManyAttempts', errorCode: 'E061103' });
    expect(redact({ type: 'xstate.error.actor.verifyCode', error })).toEqual({
      type: 'xstate.error.actor.verifyCode',
      error: {
        name: 'OtpError',
        message: 'Descope OTP request failed: tooManyAttempts',
        failure: { kind: 'tooManyAttempts', errorCode: 'E061103' },
      },
    });
  });

  it('survives cycles and keeps shared references', () => {
    const shared = { kind: 'network' };
    const loop: Record<string, unknown> = { a: shared, b: shared, list: [] };
    loop.self = loop;
    (loop.list as unknown[]).push(loop, shared);
    expect(redact(loop)).toEqual({
      a: { kind: 'network' },
      b: { kind: 'network' },
      list: ['[circular]', { kind: 'network' }],
      self: '[circular]',
    });
  });

  it('returns plain JSON: drops functions and symbols, converts the rest', () => {
    class Point {
      x = 1;
      move() {}
    }
    const value = {
      fn: () => 1,
      list: [1, () => 2, Symbol('s'), undefined, Number.NaN, Number.POSITIVE_INFINITY],
      big: 10n,
      when: new Date(Date.UTC(2030, 0, 1)),
      tags: new Set(['a']),
      map: new Map<string, unknown>([
        ['k', { code: '1' }],
        ['externalToken', 'x'],
      ]),
      pairs: new Map([[1, 'one']]),
      point: new Point(),
      bytes: new Uint8Array([1, 2]),
    };
    const out = redact(value);
    expect(out).toEqual({
      list: [1, null, null, null],
      big: '10',
      when: '2030-01-01T00:00:00.000Z',
      tags: ['a'],
      map: { k: { code: REDACTED }, externalToken: REDACTED },
      pairs: [[1, 'one']],
      point: { x: 1 },
      bytes: '[binary]',
    });
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
    expect(redact(() => 1)).toBeNull();
  });

  it('stops at maxDepth', () => {
    expect(redact({ a: { b: { c: { d: 1 } } } }, { maxDepth: 2 })).toEqual({ a: { b: '[depth]' } });
  });

  it('masks login IDs, emails and phones only when asked', () => {
    const event = {
      type: 'SEND',
      loginId: 'ada@example.com',
      email: 'a@example.com',
      phone: '+14155550100',
      newAddress: '+1 (415) 555-0199',
      user: { loginIds: ['ada@example.com', 'adalovelace'], name: 'Ada' },
      destination: 'bo',
      maskedDestination: 'ad***@example.com',
    };
    expect(redact(event)).toEqual(event);
    const masked = redact(event, { maskLoginIds: true });
    expect(masked).toEqual({
      type: 'SEND',
      loginId: 'ad***@example.com',
      email: '***@example.com',
      phone: '+*******0100',
      newAddress: '+* (***) ***-0199',
      user: { loginIds: ['ad***@example.com', 'ad***'], name: 'Ada' },
      destination: '***',
      maskedDestination: 'ad***@example.com',
    });
    expect(redact(masked, { maskLoginIds: true })).toEqual(masked);
  });

  it.each([
    ['code', true],
    ['otpCode', true],
    ['otp-code', true],
    ['OTP_CODE', true],
    ['otpcode', true],
    ['refreshJWT', true],
    ['jwt', true],
    ['Token', true],
    ['PASSWORD', true],
    ['Secret', true],
    ['errorCode', false],
    ['codeLength', false],
    ['codeExpiresAt', false],
    ['otp-codes', false],
    ['tokenType', false],
    ['jwtExpiration', false],
    ['hasPassword', false],
    ['passwordless', false],
    ['secretName', false],
    ['authorizationUrl', false],
  ])('treats the key %j as secret: %s', (key, secret) => {
    expect(redact({ [key]: 'value' })).toEqual({ [key]: secret ? REDACTED : 'value' });
  });

  it('masks each kind of value under a login key', () => {
    const masked = redact(
      { loginIds: ['ada@example.com', 7, null], loginId: 42, email: { address: 'x' }, phone: null },
      { maskLoginIds: true },
    );
    expect(masked).toEqual({
      loginIds: ['ad***@example.com', null, null],
      loginId: 42,
      email: { address: 'x' },
      phone: null,
    });
  });

  it('redacts a SecretValue of another copy of the library, and only that', () => {
    class SecretValue {
      reveal() {
        return 'the secret';
      }
    }
    class Holder {
      reveal = 'shown';
    }
    const lookalike = { constructor: { name: 'SecretValue' }, reveal: 'not a function' };
    expect(redact({ held: new SecretValue() })).toEqual({ held: REDACTED });
    expect(redact({ held: new Holder(), lookalike })).toEqual({
      held: { reveal: 'shown' },
      lookalike: { constructor: { name: 'SecretValue' }, reveal: 'not a function' },
    });
    const bare: Record<string, unknown> = Object.create(null);
    bare.note = 'kept';
    expect(redact({ revealing: { reveal: () => 'x', note: 'kept' }, bare })).toEqual({
      revealing: { note: 'kept' },
      bare: { note: 'kept' },
    });
  });

  it('shortens only what has every part of an actor ref, a machine or a state node', () => {
    const almost = {
      actor: { id: 'a', sessionId: 's1', send: () => {}, data: 1 },
      actorNoSession: { id: 'a', sessionId: 1, send: () => {}, getSnapshot: () => {}, data: 1 },
      actorNoSend: { id: 'a', sessionId: 's1', getSnapshot: () => {}, data: 1 },
      machine: { id: 'm', __xstatenode: true, root: 'r' },
      machineFlag: { id: 'm', __xstatenode: 'yes', root: {} },
      node: { id: 'n', path: ['n'], machine: {} },
      nodePath: { id: 'n', path: 'n', machine: {}, parent: null },
      nodeId: { id: 1, path: ['n'], machine: {}, parent: null },
      nodeMachine: { id: 'n', path: ['n'], machine: 'm', parent: null },
    };
    expect(redact(almost)).toEqual({
      actor: { id: 'a', sessionId: 's1', data: 1 },
      actorNoSession: { id: 'a', sessionId: 1, data: 1 },
      actorNoSend: { id: 'a', sessionId: 's1', data: 1 },
      machine: { id: 'm', __xstatenode: true, root: 'r' },
      machineFlag: { id: 'm', __xstatenode: 'yes', root: {} },
      node: { id: 'n', path: ['n'], machine: {} },
      nodePath: { id: 'n', path: 'n', machine: {}, parent: null },
      nodeId: { id: 1, path: ['n'], machine: {}, parent: null },
      nodeMachine: { id: 'n', path: ['n'], machine: 'm', parent: null },
    });
    const ref = { id: 'a', sessionId: 's1', send: () => {}, getSnapshot: () => {}, secretState: 1 };
    expect(redact(ref)).toEqual({ id: 'a', sessionId: 's1' });
  });

  it('reads toJSON once, and keeps the fields of a value whose toJSON throws', () => {
    const throwing = {
      a: 1,
      toJSON() {
        throw new Error('no');
      },
    };
    const selfish: Record<string, unknown> = { b: 2 };
    selfish.toJSON = () => selfish;
    const chained = { toJSON: () => ({ c: 3, toJSON: () => ({ d: 4 }) }) };
    expect(redact({ throwing, selfish, chained })).toEqual({
      throwing: { a: 1 },
      selfish: { b: 2 },
      chained: { c: 3 },
    });
    expect(redact({ buffer: new ArrayBuffer(4), view: new DataView(new ArrayBuffer(2)) })).toEqual({
      buffer: '[binary]',
      view: '[binary]',
    });
  });

  it('keeps booleans, drops undefined fields, and tells named maps from others', () => {
    const out = redact({
      on: true,
      off: false,
      gone: undefined,
      mixed: new Map<unknown, unknown>([
        ['a', 1],
        [2, 'b'],
      ]),
    });
    expect(JSON.stringify(out)).toBe('{"on":true,"off":false,"mixed":[["a",1],[2,"b"]]}');
    expect(Object.keys(out)).toEqual(['on', 'off', 'mixed']);
    expect(redact(Object.assign(Object.create(null), { a: 1 }))).toEqual({ a: 1 });
    expect(redact({ root: { a: 1 }, id: 'x' })).toEqual({ root: { a: 1 }, id: 'x' });
  });

  it('writes fields that can be changed and deleted, a __proto__ key included', () => {
    const out = redact(JSON.parse('{"a":1,"__proto__":2}')) as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(out, 'a')).toEqual({
      value: 1,
      writable: true,
      enumerable: true,
      configurable: true,
    });
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')).toMatchObject({
      value: 2,
      writable: true,
      enumerable: true,
    });
  });

  it('passes toJSON the property name, and an empty one inside a list or a masked value', () => {
    const named = { toJSON: (key: string) => `key:${key}` };
    expect(redact({ when: named, list: [named] })).toEqual({ when: 'key:when', list: ['key:'] });
    expect(redact({ email: named }, { maskLoginIds: true })).toEqual({ email: 'key:' });
  });

  it('counts depth through lists and toJSON results', () => {
    expect(redact([[[1]]], { maxDepth: 2 })).toEqual([['[depth]']]);
    expect(redact({ a: { toJSON: () => ({ b: 1 }) } }, { maxDepth: 2 })).toEqual({ a: '[depth]' });
  });

  it('stops 16 levels down unless told otherwise', () => {
    const deep = (levels: number): unknown => (levels === 0 ? 'leaf' : { next: deep(levels - 1) });
    const path = (value: unknown, levels: number): unknown =>
      levels === 0 ? value : path((value as { next: unknown }).next, levels - 1);
    expect(path(redact(deep(16)), 15)).toEqual({ next: 'leaf' });
    expect(path(redact(deep(17)), 16)).toBe('[depth]');
    expect(path(redact(deep(17), { maxDepth: 17 }), 16)).toEqual({ next: 'leaf' });
  });

  it('keeps a __proto__ key as data', () => {
    const out = redact(JSON.parse('{"__proto__":{"code":"1"},"a":1}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe('{"__proto__":{"code":"[redacted]"},"a":1}');
  });

  it('does not change its input', () => {
    const input = { code: '123456', nested: { sessionJwt: 'x' } };
    redact(input);
    expect(input).toEqual({ code: '123456', nested: { sessionJwt: 'x' } });
  });

  test.prop([fc.jsonValue(), fc.boolean()])('is JSON-safe and idempotent', (value, maskLoginIds) => {
    const once = redact(value, { maskLoginIds });
    expect(JSON.parse(JSON.stringify(once) ?? 'null')).toEqual(once);
    expect(redact(once, { maskLoginIds })).toEqual(once);
  });

  it('writes -0 as 0, as JSON does', () => {
    expect(Object.is(redact({ n: -0 }).n, 0)).toBe(true);
  });

  test.prop([fc.jsonValue(), fc.stringMatching(/^\d{6}$/)])(
    'never lets a code under `code` through',
    (value, code) => {
      const text = JSON.stringify(redact({ wrapper: [value, { code }, { input: { code } }] }));
      expect(text).not.toContain(`"${code}"`);
    },
  );

  test.prop([secretArbitrary, fc.jsonValue(), fc.boolean()])(
    'never lets a secret through, under any secret key or as a JWT in text, however deep',
    ({ secret, value }, noise, maskLoginIds) => {
      fc.pre(!holds(JSON.stringify(noise), secret));
      const text = JSON.stringify(redact({ noise, value }, { maskLoginIds }));
      expect(holds(text, secret), text).toBe(false);
      expect(text).toContain(REDACTED);
    },
  );
});

describe('redact on XState inspection events', () => {
  it('turns actor refs, state nodes and machines into small objects', async ({ server, flow }) => {
    const events: unknown[] = [];
    const actor = flow({ refreshJwt: jwt }, { inspect: (event) => events.push(redact(event)) });
    actor.send({ type: 'SEND', loginId: 'ada@example.com' });
    await waitFor(actor, (s) => s.matches('awaitingCode'));
    actor.stop();

    const byType = (type: string) => events.filter((event) => (event as { type: string }).type === type);
    expect(byType('@xstate.actor')[0]).toEqual({
      type: '@xstate.actor',
      actorRef: { id: 'x:0', sessionId: expect.any(String) },
      rootId: expect.any(String),
    });
    const microstep = byType('@xstate.microstep')[0] as { _transitions: unknown[] };
    expect(microstep._transitions[0]).toMatchObject({
      source: '#otp.idle',
      target: ['#otp.sending'],
      eventType: 'SEND',
    });
    expect(byType('@xstate.action').length).toBeGreaterThan(0);
    const text = JSON.stringify(events);
    expect(text).not.toContain(jwt);
    expect(text).not.toContain(server.lastCode('ada@example.com'));
    expect(redact({ machine: otpMachine, node: otpMachine.root.states.idle })).toEqual({
      machine: { machine: 'otp' },
      node: '#otp.idle',
    });
  });
});
