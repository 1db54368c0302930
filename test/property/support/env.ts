import fc from 'fast-check';

const numberFrom = (value: string | undefined): number | undefined => {
  if (value === undefined || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
};

/** `numRuns` of a property: `FC_NUM_RUNS` when set, else `defaultRuns`. */
export const numRuns = (defaultRuns: number): number => numberFrom(process.env.FC_NUM_RUNS) ?? defaultRuns;

/**
 * Parameters of `fc.assert`. A failure prints its seed, path and counterexample; to replay it:
 * - `FC_SEED=<seed>` reruns the same values and shrinks again;
 * - `FC_SEED=<seed> FC_PATH=<path>` runs the shrunk counterexample only; for command sequences add
 *   `FC_REPLAY_PATH=<replayPath>` (printed inside the counterexample), without it nothing runs.
 * `FC_NUM_RUNS` deepens (or shortens) every property.
 */
export const fcParams = <T>(defaultRuns: number): fc.Parameters<T> => {
  const seed = numberFrom(process.env.FC_SEED);
  const path = process.env.FC_PATH?.trim();
  return {
    numRuns: numRuns(defaultRuns),
    verbose: fc.VerbosityLevel.Verbose,
    ...(seed === undefined ? {} : { seed }),
    ...(path ? { path } : {}),
  };
};

/**
 * The timeout of a property's test: `msPerRun` for each of its runs (`FC_NUM_RUNS` deepens it), two
 * minutes at least.
 */
export const timeoutFor = (defaultRuns: number, msPerRun: number): number =>
  Math.max(120_000, numRuns(defaultRuns) * msPerRun);

/** True when a run replays one reported counterexample (`FC_PATH`) instead of exploring. */
export const replaying = (): boolean => Boolean(process.env.FC_PATH?.trim());

/** `replayPath` of `fc.commands`, printed next to a failing command list. */
export const replayPath = (): string | undefined => process.env.FC_REPLAY_PATH?.trim() || undefined;
