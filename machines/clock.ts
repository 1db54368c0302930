import { nowOf } from './actor-adapter.ts';
import type { OtpContext } from './otp.types.ts';

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

const maxTimerDelay = 2 ** 31 - 1;

/** How long until a deadline on the actor's clock, as a delay `setTimeout` accepts. */
export const delayUntil = (deadline: number, self: unknown): number =>
  Math.min(Math.max(0, deadline - nowOf(self)), maxTimerDelay);
