import { fromCallback } from 'xstate';
import { clockOf, nowOf } from './actor-adapter.ts';
import type { OtpContext } from './otp.types.ts';

/** The events the machine's clock sends; the machine acts on them only once their deadline has passed. */
export type TimerEvent = { type: 'COOLDOWN_ELAPSED' } | { type: 'CODE_EXPIRED' };

/** The deadlines the clock watches, in epoch ms of the actor's clock; undefined when there is none. */
export interface Deadlines {
  type: 'WATCH';
  resendAt?: number;
  expiresAt?: number;
}

type DeadlineContext = Pick<
  OtpContext,
  'resendReady' | 'resendAvailableAt' | 'codeExpired' | 'codeExpiresAt'
>;

export const deadlinesOf = (context: DeadlineContext): Deadlines => ({
  type: 'WATCH',
  resendAt: context.resendReady ? undefined : context.resendAvailableAt,
  expiresAt: context.codeExpired ? undefined : context.codeExpiresAt,
});

export const hasPassed = (deadline: number | undefined, self: unknown): boolean =>
  deadline !== undefined && nowOf(self) >= deadline;

const maxTimerDelay = 2 ** 31 - 1;

export const clock = fromCallback<Deadlines, Deadlines>(({ input, self, sendBack, receive }) => {
  const actorClock = clockOf(self);
  if (!actorClock) return;
  const timers: Record<string, unknown> = {};
  const watch = (type: TimerEvent['type'], until: number | undefined) => {
    actorClock.clearTimeout(timers[type]);
    const check = () => {
      const delay = (until ?? 0) - nowOf(self);
      if (delay <= 0) sendBack({ type });
      else timers[type] = actorClock.setTimeout(check, Math.min(delay, maxTimerDelay));
    };
    if (until !== undefined) check();
  };
  const set = (deadlines: Deadlines) => {
    watch('COOLDOWN_ELAPSED', deadlines.resendAt);
    watch('CODE_EXPIRED', deadlines.expiresAt);
  };
  set(input);
  receive(set);
  return () => {
    for (const id of Object.values(timers)) actorClock.clearTimeout(id);
  };
});
