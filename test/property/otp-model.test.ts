import fc from 'fast-check';
import { expect, it } from 'vitest';
import { otpCommands } from './support/arbitraries.ts';
import { fcParams, numRuns, replaying, replayPath } from './support/env.ts';
import { createBench } from './support/harness.ts';
import { checkInvariants, finishRun } from './support/invariants.ts';
import { type Family, initialModel } from './support/model.ts';

const RUNS = 2_500;

it('otpMachine keeps every invariant over events, clock moves and server faults (model-based)', {
  timeout: 600_000,
}, async () => {
  const bench = await createBench();
  const reached = new Set<Family>();
  const property = fc.asyncProperty(
    fc.commands(otpCommands, { maxCommands: 12, size: 'max', replayPath: replayPath() }),
    async (commands) => {
      const real = await bench.newRun();
      const model = initialModel(real.clock.now());
      let passed = false;
      try {
        await checkInvariants(real, model);
        await fc.asyncModelRun(() => ({ model, real }), commands);
        passed = true;
      } finally {
        for (const family of real.visited) reached.add(family);
        await finishRun(real, passed);
      }
    },
  );
  try {
    await fc.assert(property, fcParams(RUNS));
  } finally {
    await bench.close();
  }
  if (numRuns(RUNS) >= RUNS && !replaying()) {
    expect([...reached].sort(), 'the runs reached every state family').toEqual([
      'authenticated',
      'awaitingCode',
      'expired',
      'failed',
      'idle',
      'sending',
      'verifying',
    ]);
  }
});
