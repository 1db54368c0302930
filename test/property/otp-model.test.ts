import fc from 'fast-check';
import { expect, it } from 'vitest';
import { otpCommands, runConfig } from './support/arbitraries.ts';
import { fcParams, numRuns, replaying, replayPath, timeoutFor } from './support/env.ts';
import { createBench } from './support/harness.ts';
import type { Family } from './support/model.ts';
import { replay } from './support/replay.ts';

const RUNS = 2_500;

it('otpMachine keeps every invariant over events, clock moves and server faults (model-based)', {
  timeout: timeoutFor(RUNS, 200),
}, async () => {
  const bench = await createBench();
  const reached = new Set<Family>();
  const property = fc.asyncProperty(
    runConfig,
    fc.commands(otpCommands, { maxCommands: 12, size: 'max', replayPath: replayPath() }),
    async (config, commands) => {
      await replay(bench, commands, reached, config);
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
