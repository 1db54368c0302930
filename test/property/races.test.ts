import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OtpEvent } from '../../src/index.ts';
import { tick } from '../helpers/wait.ts';
import { type UserAction, userActions } from './support/arbitraries.ts';
import { fcParams, numRuns, replaying, timeoutFor } from './support/env.ts';
import { CODE_TTL_MS, COOLDOWN_MS } from './support/model.ts';
import {
  type Answer,
  leftovers,
  readyToResend,
  type ScriptedFlow,
  SEND,
  scriptedFlow,
} from './support/scripted.ts';

const RUNS = 1_000;
const answers = fc.array(
  fc.constantFrom<Answer>('ok', 'ok', 'ok', 'network', 'timeout', 'rateLimited', 'server', 'terminal'),
  {
    maxLength: 8,
  },
);

const expectClean = (flow: ScriptedFlow, s: fc.Scheduler) => {
  const { schedule, violations } = leftovers(flow, s);
  expect(violations, `invariants with schedule ${schedule}`).toBe('');
};

describe('races between user events and late answers (fc.scheduler)', () => {
  it('a RESEND while a verify is in flight, in both answer orders', {
    timeout: timeoutFor(RUNS, 50),
  }, async () => {
    const orders = new Set<string>();
    const property = fc.asyncProperty(
      fc.scheduler(),
      fc.constantFrom<Answer>('ok', 'network', 'rateLimited', 'terminal'),
      fc.boolean(),
      async (s, verifyAnswer, rightCode) => {
        const flow = scriptedFlow(s, ['ok', verifyAnswer, 'ok']);
        await readyToResend(s, flow);
        flow.send({ type: 'SUBMIT_CODE', code: rightCode ? flow.codes.at(-1)! : '999999' });
        let verifyFirst = false;
        flow.user('RESEND', () => {
          verifyFirst = flow.calls[1]?.answered === true;
          orders.add(verifyFirst ? 'verify answer first' : 'RESEND first');
          flow.send({ type: 'RESEND', channel: 'voice' });
        });
        await s.waitIdle();
        const snapshot = flow.actor.getSnapshot();
        const authenticated = verifyFirst && verifyAnswer === 'ok' && rightCode;
        const refused =
          verifyFirst && (authenticated || verifyAnswer === 'rateLimited' || verifyAnswer === 'terminal');
        expect(snapshot.status === 'done', 'authenticated only by the right code answered first').toBe(
          authenticated,
        );
        expect(snapshot.context.generation, 'a new code unless the RESEND came too late').toBe(
          refused ? 1 : 2,
        );
        expect(flow.calls[1]?.live, 'the verify answer counts only when it came first').toBe(verifyFirst);
        expectClean(flow, s);
      },
    );
    await fc.assert(property, fcParams(RUNS));
    if (numRuns(RUNS) >= RUNS && !replaying()) {
      expect([...orders].sort(), 'both orders were tried').toEqual(['RESEND first', 'verify answer first']);
    }
  });

  it('a RESET during a send, then a new SEND: the late answer is ignored', {
    timeout: timeoutFor(RUNS, 50),
  }, async () => {
    const property = fc.asyncProperty(fc.scheduler(), answers, async (s, script) => {
      const flow = scriptedFlow(s, script);
      flow.send(SEND);
      flow.user('RESET', () => flow.send({ type: 'RESET' }));
      flow.user('SEND again', () => flow.send(SEND));
      await s.waitIdle();
      const snapshot = flow.actor.getSnapshot();
      expect(snapshot.context.generation).toBeLessThanOrEqual(1);
      expectClean(flow, s);
    });
    await fc.assert(property, fcParams(RUNS));
  });

  it('a late answer of an aborted verify never authenticates', {
    timeout: timeoutFor(RUNS, 50),
  }, async () => {
    const property = fc.asyncProperty(
      fc.scheduler(),
      fc.constantFrom<OtpEvent['type']>('RESET', 'RESEND'),
      async (s, interrupt) => {
        const flow = scriptedFlow(s, ['ok', 'ok', 'ok']);
        await readyToResend(s, flow);
        flow.send({ type: 'SUBMIT_CODE', code: flow.codes.at(-1)! });
        flow.user(interrupt, () => flow.send({ type: interrupt } as OtpEvent));
        await s.waitIdle();
        const verify = flow.calls.find((call) => call.kind === 'verify')!;
        expect(flow.actor.getSnapshot().status === 'done', 'authenticated only by a live answer').toBe(
          verify.live,
        );
        expectClean(flow, s);
      },
    );
    await fc.assert(property, fcParams(RUNS));
  });

  it('two quick RESENDs send at most one code at a time', { timeout: timeoutFor(RUNS, 50) }, async () => {
    const retryable: Answer[] = ['network', 'timeout', 'server'];
    const property = fc.asyncProperty(
      fc.scheduler(),
      answers,
      fc.constantFrom(undefined, 'sms', 'voice'),
      async (s, script, channel) => {
        const flow = scriptedFlow(s, ['ok', ...script]);
        await readyToResend(s, flow);
        let expectedSends = 1;
        const resend = () => {
          const first = flow.calls.length === 1;
          if (first || (flow.calls[1]?.answered && retryable.includes(script[0] ?? 'ok'))) expectedSends += 1;
          flow.send(channel ? { type: 'RESEND', channel } : { type: 'RESEND' });
        };
        flow.user('RESEND 1', resend);
        flow.user('RESEND 2', resend);
        await s.waitIdle();
        const sends = flow.calls.filter((call) => call.kind === 'send');
        expect(sends.length, 'a RESEND is taken only when no send is in flight and resend is ready').toBe(
          expectedSends,
        );
        expectClean(flow, s);
      },
    );
    await fc.assert(property, fcParams(RUNS));
  });

  it('any interleaving of user events, clock moves and answers keeps the invariants', {
    timeout: timeoutFor(3 * RUNS, 50),
  }, async () => {
    const action = fc.constantFrom(...userActions);
    const property = fc.asyncProperty(
      fc.scheduler(),
      fc.array(action, { minLength: 1, maxLength: 10 }),
      answers,
      async (s, actions, script) => {
        const flow = scriptedFlow(s, script);
        const act = (name: UserAction) => {
          if (name === 'SEND') flow.send(SEND);
          else if (name === 'SUBMIT newest')
            flow.send({ type: 'SUBMIT_CODE', code: flow.codes.at(-1) ?? '000000' });
          else if (name === 'SUBMIT older')
            flow.send({ type: 'SUBMIT_CODE', code: flow.codes.at(-2) ?? '000000' });
          else if (name === 'SUBMIT wrong') flow.send({ type: 'SUBMIT_CODE', code: '999999' });
          else if (name === 'RESEND') flow.send({ type: 'RESEND' });
          else if (name === 'RESEND voice') flow.send({ type: 'RESEND', channel: 'voice' });
          else if (name === 'RESET') flow.send({ type: 'RESET' });
          else flow.clock.increment(name === 'advance cooldown' ? COOLDOWN_MS : CODE_TTL_MS);
        };
        s.scheduleSequence(
          actions.map((name) => ({ label: `user ${name}`, builder: async () => act(name) })),
        );
        await s.waitIdle();
        await tick();
        expectClean(flow, s);
      },
    );
    await fc.assert(property, fcParams(3 * RUNS));
  });
});
