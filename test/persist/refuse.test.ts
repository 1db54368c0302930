import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { isChannel } from '../../machines/concepts.ts';
import { FlowRestoreError, otpMachine, type PersistedFlow, restoreFlow } from '../../src/index.ts';
import { clockAt } from './helpers.ts';

const valid: PersistedFlow = {
  format: 'descope-otp-machine/flow',
  version: 2,
  state: 'awaitingCode.valid',
  context: {
    loginId: '+16505550100',
    channel: 'sms',
    maskedDestination: '+*******0100',
    newAddress: null,
    generation: 1,
    attemptsLeft: 3,
    resendAvailableAt: 1_900_000_030_000,
    resendReady: false,
    retryAfterAt: 0,
    codeExpiresAt: 1_900_000_300_000,
    error: { kind: 'wrongCode', attemptsLeft: 2, errorCode: 'E061102' },
  },
  savedAt: 1_900_000_000_000,
};

const input = {
  projectId: 'P2aAc4T2V93bddihGEx2Ryhc8e5Z',
  baseUrl: 'http://127.0.0.1:9',
  channel: 'sms',
} as const;

const withContext = (fields: Record<string, unknown>) => ({
  ...valid,
  context: { ...valid.context, ...fields },
});

const isTime = (value: unknown) => typeof value === 'number' && Number.isFinite(value);
const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
const isText = (value: unknown) => typeof value === 'string';
const isTextOrNull = (value: unknown) => value === null || typeof value === 'string';

/** What the format allows in each field of `valid` (awaiting a code), as its documentation states it. */
const allowed: Record<string, (value: unknown) => boolean> = {
  format: (value) => value === valid.format,
  version: (value) => value === valid.version,
  state: (value) =>
    value === 'awaitingCode.valid' || value === 'awaitingCode.expired' || value === 'verifying',
  savedAt: isTime,
  'context.loginId': isText,
  'context.channel': isChannel,
  'context.maskedDestination': isTextOrNull,
  'context.newAddress': isTextOrNull,
  'context.generation': (value) => isCount(value) && value !== 0,
  'context.attemptsLeft': (value) => value === undefined || isCount(value),
  'context.resendAvailableAt': isTime,
  'context.resendReady': (value) => typeof value === 'boolean',
  'context.retryAfterAt': isTime,
  'context.codeExpiresAt': (value) => value === undefined || isTime(value),
  'context.error': (value) => value === null || (value as { kind?: unknown } | null)?.kind === 'network',
};

function refusal(value: unknown): FlowRestoreError {
  try {
    restoreFlow(value);
  } catch (error) {
    expect(error).toBeInstanceOf(FlowRestoreError);
    return error as FlowRestoreError;
  }
  throw new Error('restoreFlow accepted it');
}

describe('restoreFlow refuses what it cannot resume, with FlowRestoreError', () => {
  it('accepts the valid flow these cases start from', () => {
    expect(() => restoreFlow(valid)).not.toThrow();
  });

  it.each([
    ['undefined', undefined, undefined],
    ['null', null, undefined],
    ['a number', 42, undefined],
    ['a string', JSON.stringify(valid), undefined],
    ['an array', [valid], undefined],
    ['an empty object', {}, 'format'],
    ['another format', { ...valid, format: 'xstate' }, 'format'],
    ['a string version', { ...valid, version: '1' }, 'version'],
    ['a missing version', { ...valid, version: undefined }, 'version'],
    ['a state that is not a string', { ...valid, state: { awaitingCode: 'valid' } }, 'state'],
    ['a missing savedAt', { ...valid, savedAt: undefined }, 'savedAt'],
    ['a NaN savedAt', { ...valid, savedAt: Number.NaN }, 'savedAt'],
    ['a missing context', { ...valid, context: undefined }, 'context'],
    ['an array context', { ...valid, context: [] }, 'context'],
    ['a numeric loginId', withContext({ loginId: 100 }), 'context.loginId'],
    ['an unknown channel', withContext({ channel: 'fax' }), 'context.channel'],
    ['a masked destination object', withContext({ maskedDestination: {} }), 'context.maskedDestination'],
    ['a missing newAddress', withContext({ newAddress: undefined }), 'context.newAddress'],
    ['a negative generation', withContext({ generation: -1 }), 'context.generation'],
    ['a fractional generation', withContext({ generation: 1.5 }), 'context.generation'],
    ['no code sent while awaiting one', withContext({ generation: 0 }), 'context.generation'],
    ['a null attemptsLeft', withContext({ attemptsLeft: null }), 'context.attemptsLeft'],
    ['a string deadline', withContext({ resendAvailableAt: '1900000030000' }), 'context.resendAvailableAt'],
    ['an infinite expiry', withContext({ codeExpiresAt: Number.POSITIVE_INFINITY }), 'context.codeExpiresAt'],
    ['a string resendReady', withContext({ resendReady: 'false' }), 'context.resendReady'],
    ['an unknown failure kind', withContext({ error: { kind: 'boom' } }), 'context.error'],
    ['a failure without its field', withContext({ error: { kind: 'rateLimited' } }), 'context.error'],
    ['a failure string', withContext({ error: 'wrongCode' }), 'context.error'],
  ])('refuses %s as invalid', (_name, value, field) => {
    expect(refusal(value)).toMatchObject({ name: 'FlowRestoreError', reason: 'invalid', field });
  });

  it.each([0, 1, 3, 1.5, -1])('refuses format version %s', (version) => {
    expect(refusal({ ...valid, version })).toMatchObject({ reason: 'version', field: undefined });
  });

  it('refuses a flow written by the first format, which kept the operation in the context', () => {
    const first = { ...valid, version: 1, context: { ...valid.context, operation: 'signUpOrIn' } };
    expect(refusal(first)).toMatchObject({ reason: 'version', field: undefined });
  });

  it.each(['gone', 'awaitingCode', 'awaitingCode.unknown', 'AUTHENTICATED', ''])(
    'refuses the unknown state %j',
    (state) => {
      expect(refusal({ ...valid, state })).toMatchObject({ reason: 'state' });
    },
  );

  it('checks the version before the rest, so a newer format is told apart from garbage', () => {
    expect(refusal({ format: valid.format, version: 3, state: 'somethingNew', context: 'new' }).reason).toBe(
      'version',
    );
  });

  it('names the problem without echoing the stored values', () => {
    const error = refusal(withContext({ loginId: { secret: 'sess-jwt-123456' } }));
    expect(error.message).toBe('Cannot restore the OTP flow: invalid context.loginId');
    expect(refusal({ ...valid, state: 'sess-jwt-123456' }).message).not.toContain('123456');
  });

  it('says which problem it found', () => {
    expect(refusal(null).message).toBe('Cannot restore the OTP flow: not a persisted flow');
    expect(refusal({ ...valid, version: 3 }).message).toBe(
      'Cannot restore the OTP flow: unsupported format version (expected 2)',
    );
    expect(refusal({ ...valid, state: 'gone' }).message).toBe('Cannot restore the OTP flow: unknown state');
    expect(refusal({ ...valid, savedAt: '1' }).message).toBe('Cannot restore the OTP flow: invalid savedAt');
  });

  it.each(['awaitingCode.valid', 'awaitingCode.expired', 'verifying'])(
    'refuses %s with no code sent',
    (state) => {
      expect(refusal({ ...withContext({ generation: 0 }), state })).toMatchObject({
        reason: 'invalid',
        field: 'context.generation',
      });
    },
  );

  it('restores an expired code as expired, and only that', () => {
    const expired = restoreFlow({ ...valid, state: 'awaitingCode.expired' }) as unknown as {
      context: { codeExpired: boolean };
    };
    const current = restoreFlow(valid) as unknown as {
      context: { codeExpired: boolean };
    };
    expect(expired.context.codeExpired).toBe(true);
    expect(current.context.codeExpired).toBe(false);
  });

  it.each(['idle', 'sending', 'authenticated', 'failed'])('accepts %s with no code sent', (state) => {
    expect(() => restoreFlow({ ...withContext({ generation: 0 }), state })).not.toThrow();
  });

  it('survives objects that throw on access', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new TypeError('no');
        },
      },
    );
    expect(refusal(hostile).reason).toBe('invalid');
    expect(refusal({ ...valid, context: hostile }).reason).toBe('invalid');
  });

  it('refuses anything else with FlowRestoreError, never another error', () => {
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true }), (value) => {
        expect(() => restoreFlow(value)).toThrow(FlowRestoreError);
      }),
    );
  });

  it('refuses a damaged field it does not allow, and restores an allowed one as it was stored', () => {
    const keys = Object.keys(allowed);
    const near = fc.constantFrom<unknown>(
      ...[null, 0, -1, 1, 1.5, 2, Number.MAX_SAFE_INTEGER + 2, '', 'sms', 'fax', true],
      ...[
        'verifying',
        'awaitingCode.expired',
        'descope-otp-machine/flow',
        { kind: 'network' },
        { kind: 'boom' },
      ],
    );
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.oneof(fc.jsonValue(), near), (key, value) => {
        const [top, inner] = key.split('.') as [string, string | undefined];
        const damaged: Record<string, unknown> = structuredClone(valid) as never;
        if (inner) (damaged.context as Record<string, unknown>)[inner] = value;
        else damaged[top] = value;
        if (!allowed[key]?.(value)) {
          expect(() => restoreFlow(damaged), `${key}: ${JSON.stringify(value)}`).toThrow(FlowRestoreError);
          return;
        }
        const snapshot = restoreFlow(damaged);
        const actor = createActor(otpMachine, { input, snapshot, clock: clockAt(valid.savedAt) }).start();
        expect(actor.getSnapshot().status).not.toBe('error');
        if (inner === 'error') expect(actor.getSnapshot().context.error).toMatchObject(value as object);
        else if (inner) expect(actor.getSnapshot().context).toHaveProperty(inner, value);
        actor.stop();
      }),
      { numRuns: 1_000 },
    );
  });
});
