import { clockOf, nowOf } from './actor-adapter.ts';
import type { OtpContext } from './otp.types.ts';
import { maxTimerMs } from './validate.ts';

/** The events the machine's clock sends; the machine acts on them only once their deadline has passed. */
export type TimerEvent = { type: 'COOLDOWN_ELAPSED' } | { type: 'CODE_EXPIRED' };

type ClockContext = Pick<OtpContext, 'resendReady' | 'resendAvailableAt' | 'codeExpired' | 'codeExpiresAt'>;

export const hasPassed = (deadline: number | undefined, self: unknown): boolean =>
  deadline !== undefined && nowOf(self) >= deadline;

/** The timer events of a context, each with its deadline (undefined when it has none or it already fired). */
export const deadlinesOf = (context: ClockContext) =>
  [
    ['COOLDOWN_ELAPSED', context.resendReady ? undefined : context.resendAvailableAt],
    ['CODE_EXPIRED', context.codeExpired ? undefined : context.codeExpiresAt],
  ] as const;

const armed = new WeakMap<object, unknown[]>();

/** Clears the timers an actor armed on its clock. */
export const clearTimers = (self: object): void => {
  for (const id of armed.get(self) ?? []) clockOf(self)?.clearTimeout(id);
  armed.delete(self);
};

/**
 * Arms one timeout on the actor's clock per deadline of the context, replacing the ones armed before; the
 * event of a deadline that has already passed is sent at once.
 */
export const armTimers = (self: { send(event: TimerEvent): void }, context: ClockContext): void => {
  clearTimers(self);
  const clock = clockOf(self);
  const ids: unknown[] = [];
  for (const [type, deadline] of deadlinesOf(context)) {
    if (deadline === undefined || !clock) continue;
    const delay = deadline - nowOf(self);
    if (delay <= 0) self.send({ type });
    else ids.push(clock.setTimeout(() => self.send({ type }), Math.min(delay, maxTimerMs)));
  }
  armed.set(self, ids);
};
