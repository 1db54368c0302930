import type fc from 'fast-check';
import { createActor, fromPromise, SimulatedClock } from 'xstate';
import {
  OtpError,
  type OtpEvent,
  type OtpFailure,
  type OtpSession,
  otpMachine,
  type SendCodeInput,
  type SendCodeOutput,
  type VerifyCodeInput,
} from '../../../src/index.ts';
import { pendingTimers } from '../../helpers/clock.ts';
import { tick } from '../../helpers/wait.ts';
import { CODE_TTL_MS, COOLDOWN_MS } from './model.ts';

/** How the scripted server answers one request. */
export type Answer = 'ok' | 'network' | 'timeout' | 'rateLimited' | 'server' | 'terminal';

const failures: Record<Exclude<Answer, 'ok'>, OtpFailure> = {
  network: { kind: 'network' },
  timeout: { kind: 'timeout' },
  rateLimited: { kind: 'rateLimited', retryAfterMs: 5_000 },
  server: { kind: 'server', status: 503 },
  terminal: { kind: 'userNotFound' },
};

export const SESSION_JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJVMSJ9.c2Vzc2lvbg';
const session: OtpSession = { sessionJwt: SESSION_JWT, firstSeen: false, user: { userId: 'U1' } };

interface Call {
  kind: 'send' | 'verify';
  label: string;
  signal: AbortSignal;
  code?: string;
  answered: boolean;
  live: boolean;
  newestAtAnswer?: string;
}

/**
 * An in-memory server whose answers fast-check's scheduler releases in any order. A send is accepted
 * (and its code issued) when the request starts, as a real server does; the answer comes later.
 */
export const scriptedFlow = (s: fc.Scheduler, answers: readonly Answer[] = []) => {
  const codes: string[] = [];
  const calls: Call[] = [];
  const violations: string[] = [];
  const report = (violation: string) => {
    if (!violations.includes(violation)) violations.push(violation);
  };
  let answerIndex = 0;
  let liveSends = 0;
  const nextAnswer = () => answers[answerIndex++] ?? 'ok';

  const start = (kind: Call['kind'], signal: AbortSignal, code?: string): Call => {
    const open = calls.filter((call) => !call.answered && !call.signal.aborted);
    if (open.length > 0) report(`one request at a time: ${open.map((c) => c.label).join(', ')} still open`);
    const call: Call = { kind, label: `${kind}#${calls.length}`, signal, code, answered: false, live: false };
    calls.push(call);
    return call;
  };

  const answer = <T>(call: Call, kind: Answer, value: () => T) =>
    s.schedule(Promise.resolve(), `${call.label} answers ${kind}`).then(() => {
      call.answered = true;
      call.live = !call.signal.aborted;
      call.newestAtAnswer = codes.at(-1);
      if (kind !== 'ok') throw new OtpError(failures[kind]);
      return value();
    });

  const machine = otpMachine.provide({
    actors: {
      sendCode: fromPromise<SendCodeOutput, SendCodeInput>(({ signal }) => {
        const call = start('send', signal);
        const kind = nextAnswer();
        if (kind === 'ok') codes.push(String(100_000 + codes.length));
        return answer(call, kind, () => {
          if (call.live) liveSends += 1;
          return { maskedDestination: '+*******0100', verificationAttempts: 3 };
        });
      }),
      verifyCode: fromPromise<OtpSession, VerifyCodeInput>(({ input, signal }) => {
        const call = start('verify', signal, input.code);
        const right = input.code === codes.at(-1);
        const kind = nextAnswer();
        return answer(call, kind, () => {
          if (!right) throw new OtpError({ kind: 'wrongCode' });
          return session;
        });
      }),
    },
  });

  const clock = new SimulatedClock();
  clock.set(Date.UTC(2030, 0, 1));
  const actor = createActor(machine, {
    clock,
    input: {
      projectId: 'P2aAc4T2V93bddihGEx2Ryhc8e5Z',
      baseUrl: 'http://127.0.0.1:9',
      channel: 'sms',
      resendCooldownMs: COOLDOWN_MS,
      codeTtlMs: CODE_TTL_MS,
    },
  });

  actor.subscribe({
    next: (snapshot) => {
      const json = JSON.stringify(snapshot.context);
      if (!snapshot.matches('verifying') && (snapshot.context as { code?: unknown }).code !== undefined) {
        report(`invariant 6: code held in ${JSON.stringify(snapshot.value)}`);
      }
      if (json.includes(SESSION_JWT)) report('invariant 6: token in context');
      if (snapshot.status === 'done') {
        const verify = calls.filter((call) => call.kind === 'verify' && call.live).at(-1);
        if (verify?.code === undefined || verify.code !== verify.newestAtAnswer) {
          report(`invariant 1: authenticated by ${verify?.label} with a code that is not the newest`);
        }
      }
      if (snapshot.context.generation !== liveSends) {
        report(`invariant 3: generation ${snapshot.context.generation} but ${liveSends} live sends`);
      }
    },
    error: (error) => report(`invariant 7: actor error ${String(error)}`),
  });
  actor.start();

  const send = (event: OtpEvent) => {
    if (actor.getSnapshot().status !== 'active') return;
    if (event.type === 'RESET') liveSends = 0;
    const { context } = actor.getSnapshot();
    const started = calls.length;
    actor.send(event);
    if (event.type === 'RESEND' && calls.length > started && clock.now() < context.resendAvailableAt) {
      report('invariant 4: RESEND accepted before resendAvailableAt');
    }
  };

  /** Schedules a user action: it runs when the scheduler picks it. */
  const user = (label: string, act: () => void) => s.schedule(Promise.resolve(), `user ${label}`).then(act);

  /** Stops the actor and reports what was left behind. */
  const finish = () => {
    actor.stop();
    for (const call of calls) {
      if (!call.answered && !call.signal.aborted) report(`invariant 5: ${call.label} left open`);
    }
    if (pendingTimers(clock) > 0) report(`invariant 5: ${pendingTimers(clock)} timer(s) left`);
    return violations;
  };

  return { actor, clock, codes, calls, violations, send, user, finish };
};

export type ScriptedFlow = ReturnType<typeof scriptedFlow>;

export const SEND: OtpEvent = { type: 'SEND', loginId: '+14155550100' };

/** Brings a scripted flow to `awaitingCode` with the resend cooldown over (the first scheduled task). */
export const readyToResend = async (s: fc.Scheduler, flow: ScriptedFlow): Promise<void> => {
  flow.send(SEND);
  await s.waitIdle();
  flow.clock.increment(COOLDOWN_MS);
  await tick();
  if (!flow.actor.getSnapshot().can({ type: 'RESEND' })) throw new Error('the flow is not ready to resend');
};

/** What the flow left behind, with the order the scheduler released its tasks in. */
export const leftovers = (flow: ScriptedFlow, s: fc.Scheduler) => ({
  schedule: s
    .report()
    .map((task) => task.label)
    .join(' → '),
  violations: flow.finish().join('\n'),
});
