import fc from 'fast-check';
import type { Bench, OtpSnapshot, Real, RunConfig } from './harness.ts';
import { checkInvariants, finishRun } from './invariants.ts';
import { type Family, initialModel, type OtpModel } from './model.ts';

type OtpCommand = fc.AsyncCommand<OtpModel, Real>;

/**
 * Runs commands through the model and every invariant, as one run of the model-based property, and adds
 * the state families the run went through to `visited`.
 */
export const replay = async (
  bench: Bench,
  commands: Iterable<OtpCommand>,
  visited?: Set<Family>,
  config: Partial<RunConfig> = {},
): Promise<{ real: Real; model: OtpModel; snapshot: OtpSnapshot }> => {
  const real = await bench.newRun(config);
  const model = initialModel(real.clock.now(), real.config);
  let passed = false;
  try {
    await checkInvariants(real, model);
    await fc.asyncModelRun(() => ({ model, real }), commands);
    passed = true;
    return { real, model, snapshot: real.actor.getSnapshot() };
  } finally {
    for (const family of real.visited) visited?.add(family);
    await finishRun(real, passed);
  }
};
