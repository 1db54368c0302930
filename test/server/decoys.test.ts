import { afterAll, describe, expect, it, vi } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { maskEmail, maskPhone } from '../../src/descope/mask.ts';
import {
  attemptsLearner,
  type Decoy,
  type DecoyDelays,
  decoyOf,
  decoyServices,
  disguise,
  hiddenReason,
  latencyLearner,
  maskOf,
  nextDecoy,
} from '../../src/server/enumeration.ts';
import { machineWith } from '../../src/server/services.ts';
import type { Outcome } from '../../src/server/step.ts';
import { createTestServer } from '../../src/testing/index.ts';

/** The statechart with a decoy's services, as an inspected decoy step runs it. */
const decoyMachine = (decoy: Decoy, delays: DecoyDelays) => machineWith(decoyServices(decoy, delays));

const descope = await createTestServer();
afterAll(() => descope.close());

const decoy = (fields: Partial<Decoy> = {}): Decoy => ({
  reason: 'userNotFound',
  attempts: 3,
  wrong: 0,
  ...fields,
});
const outcome = (fields: Partial<Outcome> = {}) =>
  ({
    status: 'awaitingCode',
    error: null,
    view: { status: 'awaitingCode', error: null, maskedDestination: 'a***@example.com', attemptsLeft: 3 },
    stored: { kind: 'kept' },
    requested: true,
    ...fields,
  }) as unknown as Outcome;

describe('hiddenReason', () => {
  it('is the failure hideUserExistence hides for the operation, and nothing else', () => {
    expect(hiddenReason('signIn', { kind: 'userNotFound' } as never)).toBe('userNotFound');
    expect(hiddenReason('signUp', { kind: 'userAlreadyExists' } as never)).toBe('userAlreadyExists');
    expect(hiddenReason('signIn', { kind: 'userAlreadyExists' } as never)).toBeUndefined();
    expect(hiddenReason('signUp', { kind: 'userNotFound' } as never)).toBeUndefined();
    expect(hiddenReason(undefined, { kind: 'userNotFound' } as never)).toBeUndefined();
    expect(hiddenReason('signUpOrIn', { kind: 'userNotFound' } as never)).toBeUndefined();
    expect(hiddenReason('signIn', null)).toBeFalsy();
  });
});

describe('decoyOf', () => {
  it('is undefined for a real flow', () => {
    for (const flow of [undefined, null, {}, { decoy: null }, { decoy: 'yes' }, { decoy: 1 }])
      expect(decoyOf(flow)).toBeUndefined();
  });

  it('reads a decoy, with defaults for what is missing or wrong', () => {
    expect(decoyOf({ decoy: {} })).toEqual({ reason: 'userNotFound', attempts: 3, wrong: 0 });
    expect(decoyOf({ decoy: { reason: 'userAlreadyExists', attempts: 5, wrong: 2 } })).toEqual({
      reason: 'userAlreadyExists',
      attempts: 5,
      wrong: 2,
    });
    expect(decoyOf({ decoy: { reason: 'other', attempts: 1, wrong: 0 } })).toEqual(decoy({ attempts: 1 }));
    for (const attempts of [0, -1, 1.5, '5', 2 ** 53])
      expect(decoyOf({ decoy: { attempts, wrong: 1 } })).toEqual(decoy({ wrong: 1 }));
    for (const wrong of [-1, 0.5, '2', 2 ** 53]) expect(decoyOf({ decoy: { wrong } })).toEqual(decoy());
  });
});

describe('maskOf', () => {
  it('masks the destination itself, trimmed, a phone in E.164', () => {
    expect(maskOf(' Ada@Example.com ', false)).toBe('Ad*@Example.com');
    expect(maskOf(' Ada@Example.com ', false)).toBe(maskEmail('Ada@Example.com'));
    expect(maskOf(' +1 415 555 0142 ', true)).toBe('+*******0142');
    expect(maskOf('+1 415 555 0142', true)).toBe(maskPhone('+14155550142'));
  });
});

describe('decoyMachine', () => {
  const start = (fields: Partial<Decoy>, channel: 'email' | 'sms' = 'email') =>
    createActor(decoyMachine(decoy(fields), { sendMs: 0, verifyMs: 0 }), {
      input: { projectId: descope.projectId, baseUrl: descope.url, channel },
    }).start();

  it('shows a send of the decoy attempts, answers wrong codes until they run out, and sends nothing', async () => {
    const before = descope.requests.length;
    const actor = start({ attempts: 2 });
    actor.send({ type: 'SEND', loginId: 'Ada@Example.com' });
    const sent = await waitFor(actor, (snapshot) => snapshot.matches('awaitingCode'));
    expect(sent.context).toMatchObject({ maskedDestination: 'Ad*@Example.com', attemptsLeft: 2 });
    actor.send({ type: 'SUBMIT_CODE', code: '123456' });
    const wrong = await waitFor(actor, (snapshot) => snapshot.context.error !== null);
    expect(wrong.context.error).toMatchObject({ kind: 'wrongCode', errorCode: 'E061102' });
    actor.stop();
    const last = start({ attempts: 2, wrong: 1 }, 'sms');
    last.send({ type: 'SEND', loginId: '+14155550142' });
    expect((await waitFor(last, (snapshot) => snapshot.matches('awaitingCode'))).context).toMatchObject({
      maskedDestination: '+*******0142',
    });
    last.send({ type: 'SUBMIT_CODE', code: '123456' });
    const out = await waitFor(last, (snapshot) => snapshot.context.error !== null);
    expect(out.context.error).toMatchObject({ kind: 'tooManyAttempts', errorCode: 'E061103' });
    last.stop();
    expect(descope.requests.length).toBe(before);
  });

  it('waits as long as a real request takes, and leaves no timer behind once stopped', async () => {
    vi.useFakeTimers();
    try {
      const actor = createActor(decoyMachine(decoy(), { sendMs: 2_000, verifyMs: 0 }), {
        input: { projectId: descope.projectId, baseUrl: descope.url },
      }).start();
      const quick = createActor(decoyMachine(decoy(), { sendMs: 0, verifyMs: 0 }), {
        input: { projectId: descope.projectId, baseUrl: descope.url },
      }).start();
      quick.send({ type: 'SEND', loginId: 'ada@example.com' });
      for (let i = 0; i < 20; i += 1) await Promise.resolve();
      expect(quick.getSnapshot().matches('awaitingCode')).toBe(true);
      quick.stop();
      actor.send({ type: 'SEND', loginId: 'ada@example.com' });
      await vi.advanceTimersByTimeAsync(1_999);
      expect(actor.getSnapshot().matches('sending')).toBe(true);
      await vi.advanceTimersByTimeAsync(1);
      expect(actor.getSnapshot().matches('awaitingCode')).toBe(true);
      actor.stop();
      const stopped = createActor(decoyMachine(decoy(), { sendMs: 60_000, verifyMs: 0 }), {
        input: { projectId: descope.projectId, baseUrl: descope.url },
      }).start();
      stopped.send({ type: 'SEND', loginId: 'ada@example.com' });
      await vi.advanceTimersByTimeAsync(0);
      expect(vi.getTimerCount()).toBeGreaterThan(0);
      stopped.stop();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('latencyLearner', () => {
  it('learns the usual time of real sends and of wrong-code verifies, as a moving average', () => {
    const latency = latencyLearner();
    expect(latency.delays()).toEqual({ sendMs: 0, verifyMs: 0 });
    latency.learn('SEND', outcome(), 100);
    expect(latency.delays()).toEqual({ sendMs: 100, verifyMs: 0 });
    latency.learn('RESEND', outcome(), 200);
    expect(latency.delays().sendMs).toBeCloseTo(120);
    latency.learn('SEND', outcome({ error: { kind: 'network' } as never }), 9_000);
    latency.learn('RESEND', outcome({ error: { kind: 'wrongCode' } as never }), 9_000);
    latency.learn('RESET', outcome(), 9_000);
    latency.learn('SUBMIT_CODE', outcome(), 9_000);
    latency.learn('SUBMIT_CODE', outcome({ error: { kind: 'codeExpired' } as never }), 9_000);
    expect(latency.delays()).toEqual({ sendMs: 120, verifyMs: 0 });
    latency.learn('SUBMIT_CODE', outcome({ error: { kind: 'wrongCode' } as never }), 300);
    latency.learn('SUBMIT_CODE', outcome({ error: { kind: 'tooManyAttempts' } as never }), 800);
    expect(latency.delays().verifyMs).toBeCloseTo(400);
    expect(latency.delays(50).sendMs).toBeCloseTo(70);
    expect(latency.delays(50).verifyMs).toBeCloseTo(350);
    expect(latency.delays(1_000)).toEqual({ sendMs: 0, verifyMs: 0 });
  });
});

describe('nextDecoy', () => {
  it('starts the attempts over on a send, and counts a wrong code', () => {
    const two = decoy({ wrong: 2 });
    expect(nextDecoy(two, 'SEND', null)).toEqual(decoy());
    expect(nextDecoy(two, 'RESEND', null)).toEqual(decoy());
    expect(nextDecoy(two, 'RESEND', { kind: 'rateLimited' } as never)).toBe(two);
    expect(nextDecoy(two, 'SUBMIT_CODE', { kind: 'wrongCode' } as never)).toEqual(decoy({ wrong: 3 }));
    expect(nextDecoy(two, 'SUBMIT_CODE', { kind: 'tooManyAttempts' } as never)).toBe(two);
    expect(nextDecoy(two, 'SUBMIT_CODE', null)).toBe(two);
    expect(nextDecoy(two, 'RESET', null)).toBe(two);
  });
});

describe('disguise', () => {
  it('shows the mask made from the destination, and wrong codes as their kind, code and attempts left', () => {
    const wrong = {
      kind: 'wrongCode',
      errorCode: 'E061102',
      attemptsLeft: 2,
      errorDescription: 'Wrong code',
    };
    const real = outcome({
      error: wrong as never,
      view: {
        status: 'awaitingCode',
        maskedDestination: 'a***@e***.com',
        error: { ...wrong, message: 'That code is wrong.' },
      } as never,
    });
    expect(disguise(real, 'ad*@example.com')).toEqual({
      ...real,
      error: { kind: 'wrongCode', errorCode: 'E061102', attemptsLeft: 2 },
      view: {
        status: 'awaitingCode',
        maskedDestination: 'ad*@example.com',
        error: { kind: 'wrongCode', errorCode: 'E061102', attemptsLeft: 2, message: 'That code is wrong.' },
      },
    });
  });

  it('keeps what it need not change', () => {
    const out = { kind: 'tooManyAttempts', errorCode: 'E061103', errorDescription: 'Too many' };
    const ended = outcome({
      error: out as never,
      view: { status: 'idle', maskedDestination: null, error: null } as never,
    });
    expect(disguise(ended, 'ad*@example.com')).toEqual({
      ...ended,
      error: { kind: 'tooManyAttempts', errorCode: 'E061103' },
      view: { status: 'idle', maskedDestination: null, error: null },
    });
    const other = outcome({ error: { kind: 'network', detail: 'x' } as never });
    expect(disguise(other, undefined)).toEqual(other);
    const empty = outcome({ view: null as never });
    expect(disguise(empty, 'ad*@example.com')).toBe(empty);
  });
});

describe('attemptsLearner', () => {
  it('learns the attempts real sends show', () => {
    const attempts = attemptsLearner();
    expect(attempts.get()).toBe(3);
    attempts.learn(outcome({ view: { attemptsLeft: 5 } as never }));
    expect(attempts.get()).toBe(5);
    for (const view of [{ attemptsLeft: 0 }, { attemptsLeft: '7' }, {}, null])
      attempts.learn(outcome({ view: view as never }));
    attempts.learn(outcome({ error: { kind: 'network' } as never, view: { attemptsLeft: 9 } as never }));
    expect(attempts.get()).toBe(5);
    attempts.learn(outcome({ view: { attemptsLeft: 1 } as never }));
    expect(attempts.get()).toBe(1);
  });
});
