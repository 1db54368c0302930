import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdvanceCommand,
  FaultCommand,
  ResendCommand,
  ResetCommand,
  SendCommand,
  SubmitCommand,
} from './support/commands.ts';
import { type Bench, createBench } from './support/harness.ts';
import { replay } from './support/replay.ts';
import { leftovers, readyToResend, SEND, scriptedFlow } from './support/scripted.ts';

const send = (channel?: string) => new SendCommand(null, channel);
const right = () => new SubmitCommand({ kind: 'right', format: 'plain' });

describe('regressions: counterexamples of the model-based property', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await createBench();
  });
  afterAll(() => bench.close());

  it('RESET aborts a hanging send [fault(hang), SEND]', async () => {
    const { real } = await replay(bench, [new FaultCommand({ kind: 'hang' }), send()]);
    expect(real.server.openRequests()).toBe(0);
  });

  it('a sent code counts and starts the cooldown [SEND, RESEND]', async () => {
    const { snapshot } = await replay(bench, [send(), new ResendCommand(undefined)]);
    expect(snapshot.context.generation).toBe(1);
  });

  it('authenticated keeps neither the code nor a token in context [SEND, SUBMIT_CODE(right)]', async () => {
    const { snapshot } = await replay(bench, [send(), right()]);
    expect(snapshot.status).toBe('done');
  });

  it('the code expires exactly at codeTtlMs [SEND, advance(expiry)]', async () => {
    await replay(bench, [send(), new AdvanceCommand('beforeExpiry'), right()]);
    const { snapshot } = await replay(bench, [send(), new AdvanceCommand('expiry')]);
    expect(snapshot.value).toEqual({ awaitingCode: 'expired' });
  });

  it('an expired code is not sent [SEND, advance(toExpiry), SUBMIT_CODE(wrong)]', async () => {
    await replay(bench, [
      send(),
      new AdvanceCommand('toExpiry'),
      new SubmitCommand({ kind: 'wrong', digits: '000000' }),
    ]);
  });

  it('the channel follows the newest sent code [SEND(voice)]', async () => {
    const { snapshot } = await replay(bench, [send('voice'), right()]);
    expect(snapshot.context.channel).toBe('voice');
  });

  it('RESET starts a new flow [SEND, RESET]', async () => {
    await replay(bench, [send(), new ResetCommand(), send(), right()]);
  });

  it('a 429 on the first send is not terminal [fault(429), SEND]', async () => {
    const { model } = await replay(bench, [
      new FaultCommand({ kind: 'status', status: 429, retryAfterSeconds: 5 }),
      send(),
      send(),
      new AdvanceCommand('toResend'),
      send(),
    ]);
    expect(model.family).toBe('awaitingCode');
  });

  it('RESET keeps the wait of a 429 [fault(429), SEND, RESET]', async () => {
    const { snapshot } = await replay(bench, [
      new FaultCommand({ kind: 'status', status: 429, retryAfterSeconds: 5 }),
      send(),
      new ResetCommand(),
      send(),
      new AdvanceCommand('beforeResend'),
      send(),
    ]);
    expect(snapshot.value).toBe('idle');
    expect(snapshot.context.resendReady).toBe(false);
  });
});

describe('regressions: counterexamples of the race properties', () => {
  it('a send answer after RESET is ignored [RESET → send#0 → SEND → send#1]', async () => {
    const s = fc.schedulerFor([2, 1, 3, 4]);
    const flow = scriptedFlow(s);
    flow.send(SEND);
    flow.user('RESET', () => flow.send({ type: 'RESET' }));
    flow.user('SEND again', () => flow.send(SEND));
    await s.waitIdle();
    expect(flow.calls.map((call) => call.live)).toEqual([false, true]);
    expect(flow.actor.getSnapshot().context.generation).toBe(1);
    expect(leftovers(flow, s).violations).toBe('');
  });

  it('a verify answer after RESEND is ignored [send#0 → RESEND → verify#1 → send#2]', async () => {
    const s = fc.schedulerFor([1, 3, 2, 4]);
    const flow = scriptedFlow(s);
    await readyToResend(s, flow);
    flow.send({ type: 'SUBMIT_CODE', code: flow.codes.at(-1)! });
    flow.user('RESEND', () => flow.send({ type: 'RESEND', channel: 'voice' }));
    await s.waitIdle();
    expect(flow.actor.getSnapshot().status).toBe('active');
    expect(flow.actor.getSnapshot().context.generation).toBe(2);
    expect(leftovers(flow, s).violations).toBe('');
  });

  it('a verify answer after RESET is ignored [send#0 → RESET → verify#1]', async () => {
    const s = fc.schedulerFor([1, 3, 2]);
    const flow = scriptedFlow(s);
    await readyToResend(s, flow);
    flow.send({ type: 'SUBMIT_CODE', code: flow.codes.at(-1)! });
    flow.user('RESET', () => flow.send({ type: 'RESET' }));
    await s.waitIdle();
    expect(flow.actor.getSnapshot().value).toBe('idle');
    expect(leftovers(flow, s).violations).toBe('');
  });

  it('a second RESEND while sending is refused [send#0 → RESEND → RESEND → send#1]', async () => {
    const s = fc.schedulerFor([1, 2, 3, 4]);
    const flow = scriptedFlow(s);
    await readyToResend(s, flow);
    flow.user('RESEND 1', () => flow.send({ type: 'RESEND' }));
    flow.user('RESEND 2', () => flow.send({ type: 'RESEND' }));
    await s.waitIdle();
    expect(flow.calls.filter((call) => call.kind === 'send')).toHaveLength(2);
    expect(leftovers(flow, s).violations).toBe('');
  });
});
