import { fromCallback } from 'xstate';
import type { OtpContext } from './otp.types.ts';

interface ClockLike {
  now?: () => number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

function clockOf(system: unknown): ClockLike | undefined {
  return (system as { _clock?: ClockLike } | undefined)?._clock;
}

export function nowOf(system: unknown): number {
  return clockOf(system)?.now?.() ?? Date.now();
}

/** The events the machine's timers send when their deadline has passed on the actor's clock. */
export type TimerEvent = { type: 'COOLDOWN_ELAPSED' } | { type: 'CODE_EXPIRED' };

export interface TimerInput {
  until?: number;
  event: TimerEvent['type'];
}

type TimerContext = Pick<OtpContext, 'resendReady' | 'resendAvailableAt' | 'codeExpiresAt'>;

export const cooldownInput = (context: TimerContext): TimerInput => ({
  until: context.resendReady ? undefined : context.resendAvailableAt,
  event: 'COOLDOWN_ELAPSED',
});

export const codeExpiryInput = (context: TimerContext): TimerInput => ({
  until: context.codeExpiresAt,
  event: 'CODE_EXPIRED',
});

const maxTimerDelay = 2 ** 31 - 1;

export const timer = fromCallback<TimerEvent, TimerInput>(({ input, system, sendBack }) => {
  const { until } = input;
  if (until === undefined) return;
  const clock = clockOf(system)!;
  let id: unknown;
  const arm = () => {
    const delay = until - nowOf(system);
    if (delay <= 0) sendBack({ type: input.event });
    else id = clock.setTimeout(arm, Math.min(delay, maxTimerDelay));
  };
  arm();
  return () => clock.clearTimeout(id);
});
