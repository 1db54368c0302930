import { fromCallback } from 'xstate';

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

/** The events the machine's timers send when their deadline has passed on the actor's clock. */
export type TimerEvent = { type: 'COOLDOWN_ELAPSED' } | { type: 'CODE_EXPIRED' };

export interface TimerInput {
  until?: number;
  event: TimerEvent['type'];
}

const maxTimerDelay = 2 ** 31 - 1;

export const timer = fromCallback<TimerEvent, TimerInput>(({ input, system, sendBack }) => {
  const { until } = input;
  if (until === undefined) return;
  const clock = clockOf(system);
  let id: unknown;
  const arm = () => {
    const delay = until - nowOf(system);
    if (delay <= 0) sendBack({ type: input.event });
    else id = clock.setTimeout(arm, Math.min(delay, maxTimerDelay));
  };
  arm();
  return () => clock.clearTimeout(id);
});
