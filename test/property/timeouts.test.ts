import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { pendingTimers } from '../helpers/clock.ts';
import { until } from '../helpers/wait.ts';
import { type Bench, createBench, isBusy, type Real } from './support/harness.ts';
import { expectCleanContext, expectGeneration, expectNoErrors, finishRun } from './support/invariants.ts';

const TIMEOUT_MS = 2_000;

const settled = (real: Real) => waitFor(real.actor, (snapshot) => !isBusy(snapshot), { timeout: 5_000 });

const expectTimedOut = async (real: Real, requestsBefore: number) => {
  expect(real.actor.getSnapshot().context.error).toEqual({ kind: 'timeout' });
  expect(real.server.requests.length - requestsBefore, 'invariant 2: one request').toBe(1);
  await until(() => real.server.openRequests() === 0, { label: 'invariant 5: the request to be closed' });
  expect(real.server.openRequests()).toBe(0);
  expectNoErrors(real);
  expectGeneration(real);
  expectCleanContext(real);
};

describe('requests that hang until requestTimeoutMs', () => {
  let bench: Bench;
  let real: Real;
  beforeAll(async () => {
    bench = await createBench();
  });
  afterAll(() => bench.close());

  const start = async () => {
    real = await bench.newRun({ requestTimeoutMs: TIMEOUT_MS });
  };

  const sendFirstCode = async () => {
    real.actor.send({ type: 'SEND', loginId: real.loginId });
    await settled(real);
    expect(real.actor.getSnapshot().matches('awaitingCode')).toBe(true);
  };

  it('a hanging send ends as a timeout in idle, with nothing left open', async () => {
    await start();
    real.server.fault({ kind: 'hang' });
    const before = real.server.requests.length;
    real.actor.send({ type: 'SEND', loginId: real.loginId });
    await settled(real);
    expect(real.actor.getSnapshot().value).toBe('idle');
    await expectTimedOut(real, before);
    expect(pendingTimers(real.clock)).toBe(0);
    await finishRun(real, true);
  });

  it('a hanging verify ends as a timeout, and the same code still authenticates', async () => {
    await start();
    await sendFirstCode();
    real.server.fault({ kind: 'hang' });
    const before = real.server.requests.length;
    real.actor.send({ type: 'SUBMIT_CODE', code: real.server.lastCode(real.loginId)! });
    await settled(real);
    expect(real.actor.getSnapshot().value).toEqual({ awaitingCode: 'valid' });
    await expectTimedOut(real, before);
    real.actor.send({ type: 'SUBMIT_CODE', code: real.server.lastCode(real.loginId)! });
    await settled(real);
    expect(real.actor.getSnapshot().status).toBe('done');
    await finishRun(real, true);
  });

  it('a hanging resend ends as a timeout and keeps the previous code', async () => {
    await start();
    await sendFirstCode();
    const code = real.server.lastCode(real.loginId)!;
    real.clock.increment(30_000);
    await until(() => real.actor.getSnapshot().can({ type: 'RESEND' }));
    real.server.fault({ kind: 'hang' });
    const before = real.server.requests.length;
    real.actor.send({ type: 'RESEND', channel: 'voice' });
    await settled(real);
    expect(real.actor.getSnapshot().value).toEqual({ awaitingCode: 'valid' });
    expect(real.actor.getSnapshot().context.channel).toBe('sms');
    await expectTimedOut(real, before);
    real.actor.send({ type: 'SUBMIT_CODE', code });
    await settled(real);
    expect(real.actor.getSnapshot().status).toBe('done');
    await finishRun(real, true);
  });
});
