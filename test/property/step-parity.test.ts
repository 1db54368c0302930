import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor, waitFor } from 'xstate';
import {
  OtpError,
  type OtpEvent,
  type OtpFailure,
  type OtpInput,
  type OtpSession,
  persistFlow,
  restoreFlow,
  type SendCodeOutput,
} from '../../src/index.ts';
import { machineWith, type StepServices } from '../../src/server/services.ts';
import { type Outcome, runStep } from '../../src/server/step.ts';
import { fcParams, timeoutFor } from './support/env.ts';

const RUNS = 200;
const input: OtpInput = {
  projectId: 'P2aaaaaaaaaaaaaaaaaaaaaaaaaa',
  baseUrl: 'http://127.0.0.1:9',
  resendCooldownMs: 1_000,
  codeTtlMs: 5_000,
};

type Answer = { ok: true } | { ok: false; failure: OtpFailure };

const failures: OtpFailure[] = [
  { kind: 'wrongCode', attemptsLeft: 2 },
  { kind: 'tooManyAttempts' },
  { kind: 'codeExpired' },
  { kind: 'userNotFound' },
  { kind: 'rateLimited', retryAfterMs: 2_000 },
  { kind: 'network' },
  { kind: 'timeout' },
  { kind: 'server', status: 503 },
];

const answers = fc.oneof(
  fc.constant<Answer>({ ok: true }),
  fc.constantFrom(...failures).map((failure): Answer => ({ ok: false, failure })),
);

const events = fc.oneof(
  fc.constantFrom<OtpEvent>(
    { type: 'SEND', loginId: 'ada@example.com' },
    { type: 'SEND', loginId: '' },
    { type: 'RESEND' },
    { type: 'SUBMIT_CODE', code: '123456' },
    { type: 'SUBMIT_CODE', code: '12' },
    { type: 'RESET' },
  ),
);

const scripted = (answer: Answer): StepServices => ({
  async sendCode(): Promise<SendCodeOutput> {
    if (!answer.ok) throw new OtpError(answer.failure);
    return { maskedDestination: 'a**@example.com', verificationAttempts: 3 };
  },
  async verifyCode(): Promise<OtpSession> {
    if (!answer.ok) throw new OtpError(answer.failure);
    return { sessionJwt: 'session.jwt.value', user: {}, firstSeen: false };
  },
});

const signedIn = createActor(machineWith(scripted({ ok: true })), { input }).start();
signedIn.send({ type: 'SEND', loginId: 'ada@example.com' });
await waitFor(signedIn, (snapshot) => snapshot.matches('awaitingCode'));
signedIn.send({ type: 'SUBMIT_CODE', code: '123456' });
const authenticated = persistFlow(await waitFor(signedIn, (snapshot) => snapshot.status === 'done'));

const turns = fc.array(fc.tuple(events, answers, fc.integer({ min: 0, max: 8_000 })), {
  minLength: 1,
  maxLength: 12,
});

describe('runStep: the statechart run without an actor answers as the actor does', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_800_000_000_000);
  });
  afterEach(() => vi.useRealTimers());

  it('gives the same outcome, view and stored flow as an inspected step for any events, answers and waits', {
    timeout: timeoutFor(RUNS, 100),
  }, async () => {
    const property = fc.asyncProperty(fc.boolean(), turns, async (fromDone, sequence) => {
      let stored: unknown = fromDone ? authenticated : undefined;
      for (const [event, answer, waitMs] of sequence) {
        vi.setSystemTime(Date.now() + waitMs);
        const hooks = { services: scripted(answer), before: async () => null };
        const snapshot = () => (stored === undefined ? undefined : restoreFlow(stored));
        const pure: Outcome = await runStep(input, snapshot(), event, hooks);
        const inspected: Outcome = await runStep(input, snapshot(), event, { ...hooks, inspect: () => {} });
        expect(pure).toEqual(inspected);
        const { stored: change } = pure;
        if (change.kind === 'saved') stored = JSON.parse(JSON.stringify(change.flow));
        else if (change.kind === 'deleted') stored = undefined;
      }
    });
    await fc.assert(property, fcParams(RUNS));
  });
});
