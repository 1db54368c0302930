import { describe, expect, it } from 'vitest';
import { includes } from '../../machines/concepts.ts';
import { OtpError, readFailure, toFailure } from '../../machines/failures.ts';
import { readSession } from '../../machines/session.ts';
import { statePath } from '../../machines/state-path.ts';

describe('failures read from anything', () => {
  it.for<[string, unknown, unknown]>([
    ['a network failure', { kind: 'network' }, { kind: 'network' }],
    [
      'a wrong code with its fields',
      { kind: 'wrongCode', attemptsLeft: 2, errorCode: 'E061102', errorDescription: 'Wrong code' },
      { kind: 'wrongCode', attemptsLeft: 2, errorCode: 'E061102', errorDescription: 'Wrong code' },
    ],
    [
      'an invalid input with its field',
      { kind: 'invalidInput', field: 'code' },
      { kind: 'invalidInput', field: 'code' },
    ],
    ['an invalid input without its field', { kind: 'invalidInput' }, undefined],
    [
      'a rate limit with its wait',
      { kind: 'rateLimited', retryAfterMs: 0 },
      { kind: 'rateLimited', retryAfterMs: 0 },
    ],
    ['a rate limit without its wait', { kind: 'rateLimited' }, undefined],
    ['an unauthorized failure without its status', { kind: 'unauthorized' }, undefined],
    ['a server failure without its status', { kind: 'server', errorCode: 'E1' }, undefined],
    [
      'a server failure with unknown fields',
      { kind: 'server', status: 502, response: { sessionJwt: 'token' }, stack: 'at x' },
      { kind: 'server', status: 502 },
    ],
    ['a status that is a string', { kind: 'server', status: '502' }, undefined],
    ['a status that is not finite', { kind: 'server', status: Number.NaN }, undefined],
    ['a wait that is infinite', { kind: 'rateLimited', retryAfterMs: Number.POSITIVE_INFINITY }, undefined],
    ['an error code that is a number', { kind: 'wrongCode', errorCode: 61102 }, undefined],
    ['a field that is a number', { kind: 'invalidInput', field: 3 }, undefined],
    ['an unknown kind', { kind: 'teapot' }, undefined],
    ['no kind', { status: 500 }, undefined],
    ['a list', [{ kind: 'network' }], undefined],
    ['null', null, undefined],
    ['a string', 'network', undefined],
  ])('%s', ([_, value, expected]) => {
    expect(readFailure(value)).toStrictEqual(expected);
  });

  it('a rejection becomes the failure it carries, else a server failure of status 0', () => {
    const failure = { kind: 'rateLimited', retryAfterMs: 5_000 } as const;
    expect(toFailure(new OtpError(failure))).toStrictEqual(failure);
    expect(toFailure(failure)).toStrictEqual(failure);
    expect(toFailure({ failure, message: 'x' })).toStrictEqual(failure);
    expect(toFailure(Object.assign(new Error('boom'), { failure: { kind: 'timeout' } }))).toStrictEqual({
      kind: 'timeout',
    });
    expect(toFailure(new Error('boom'))).toStrictEqual({ kind: 'server', status: 0 });
    expect(toFailure(undefined)).toStrictEqual({ kind: 'server', status: 0 });
    expect(toFailure(null)).toStrictEqual({ kind: 'server', status: 0 });
  });

  it('OtpError names the kind of its failure and nothing else', () => {
    const error = new OtpError({ kind: 'wrongCode', errorDescription: 'code 123456 is wrong' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('OtpError');
    expect(error.message).toBe('Descope OTP request failed: wrongCode');
    expect(String(error)).toBe('OtpError: Descope OTP request failed: wrongCode');
  });
});

describe('sessions', () => {
  it('a verify output with a session JWT is the session', () => {
    const session = { sessionJwt: 'a.b.c', firstSeen: true, user: { userId: 'U1' } };
    expect(readSession(session)).toBe(session);
  });

  it.for([[undefined], [null], [{ sessionJwt: 42 }], ['a.b.c']])('%j is an empty session', ([value]) => {
    expect(readSession(value)).toStrictEqual({ sessionJwt: '', firstSeen: false, user: {} });
  });
});

describe('state paths', () => {
  it.for<[unknown, string | undefined]>([
    ['idle', 'idle'],
    [{ awaitingCode: 'valid' }, 'awaitingCode.valid'],
    [{ a: { b: 'c' } }, 'a.b.c'],
    [{}, undefined],
    [{ awaitingCode: 'valid', idle: 'x' }, undefined],
    [{ awaitingCode: {} }, undefined],
    [{ awaitingCode: 3 }, undefined],
    [{ awaitingCode: null }, undefined],
    [null, undefined],
    [7, undefined],
    [Object.assign(() => 'idle', { idle: 'x' }), undefined],
  ])('%j is %j', ([value, expected]) => {
    expect(statePath(value)).toBe(expected);
  });
});

describe('lists of a concept', () => {
  it('hold exactly their items', () => {
    const isColour = includes(['red', 'green']);
    expect(isColour('red')).toBe(true);
    expect(isColour('green')).toBe(true);
    expect(isColour('blue')).toBe(false);
    expect(isColour(undefined)).toBe(false);
    expect(includes([])('red')).toBe(false);
  });
});
