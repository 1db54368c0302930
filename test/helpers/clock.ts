import { onTestFinished, vi } from 'vitest';
import type { SimulatedClock } from 'xstate';

/**
 * Stops `Date` where it is until `advance` moves it, for the rest of the test: the clock of the memory
 * store, of server steps and of actors without a clock of their own. Timers and I/O keep running.
 */
export function frozenDate() {
  vi.useFakeTimers({ toFake: ['Date'] });
  onTestFinished(() => void vi.useRealTimers());
  return { advance: (ms: number) => vi.setSystemTime(Date.now() + ms) };
}

/** Timers still scheduled on a `SimulatedClock` (xstate keeps them in its `timeouts` map). */
export const pendingTimers = (clock: SimulatedClock): number =>
  (clock as unknown as { timeouts: Map<unknown, unknown> }).timeouts.size;
