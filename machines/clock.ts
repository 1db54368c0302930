import { fromPromise } from 'xstate';

interface ClockLike {
  now?: () => number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

const realClock: ClockLike = {
  now: Date.now,
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
};

function clockOf(system: unknown): ClockLike {
  return (system as unknown as { _clock?: ClockLike })._clock ?? realClock;
}

export function nowOf(system: unknown): number {
  const clock = clockOf(system);
  return typeof clock.now === 'function' ? clock.now() : Date.now();
}

export interface WaitInput {
  until?: number;
}

const maxTimerDelay = 2 ** 31 - 1;

export const wait = fromPromise<void, WaitInput>(
  ({ input, system, signal }) =>
    new Promise<void>((resolve) => {
      const { until } = input;
      if (until === undefined) return;
      const clock = clockOf(system);
      let id: unknown;
      const arm = () => {
        const delay = until - nowOf(system);
        if (delay <= 0) resolve();
        else id = clock.setTimeout(arm, Math.min(delay, maxTimerDelay));
      };
      signal.addEventListener('abort', () => clock.clearTimeout(id), { once: true });
      arm();
    }),
);
