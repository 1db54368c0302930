import fc from 'fast-check';
import type { Bench, OtpSnapshot, Real } from './harness.ts';
import { checkInvariants, finishRun } from './invariants.ts';
import { initialModel, type OtpModel } from './model.ts';

type OtpCommand = fc.AsyncCommand<OtpModel, Real>;

/** Runs fixed commands through the model and every invariant, as one run of the model-based property. */
export const replay = async (
  bench: Bench,
  commands: OtpCommand[],
): Promise<{ real: Real; model: OtpModel; snapshot: OtpSnapshot }> => {
  const real = await bench.newRun();
  const model = initialModel(real.clock.now());
  let passed = false;
  try {
    await checkInvariants(real, model);
    await fc.asyncModelRun(() => ({ model, real }), commands);
    passed = true;
    return { real, model, snapshot: real.actor.getSnapshot() };
  } finally {
    await finishRun(real, passed);
  }
};
