import type { Channel } from '../index.ts';

/** The kinds of `OtpFlowEvent`. */
export const flowEventTypes = ['sent', 'refused', 'verified', 'verifyFailed'] as const;

/**
 * What `onEvent` receives after each send and verify step. It holds no code, no token and no login ID.
 * - `sent`: a code went out (`start` or `resend`).
 * - `refused`: a send did not go out; `reason` is the failure's kind or, for a server limit, the limit's name.
 *   A decoy of `hideUserExistence` is `refused` with `userNotFound` or `userAlreadyExists`.
 * - `verified`: a code signed the user in.
 * - `verifyFailed`: a verify did not; `reason` as for `refused`.
 */
export interface OtpFlowEvent {
  type: (typeof flowEventTypes)[number];
  flowId: string;
  /** The channel of the send, or of the code being verified. */
  channel: Channel;
  /** The destination's country (ISO 3166 alpha-2), for phone destinations in international form. */
  countryCode?: string;
  /** The step's client IP, when it was given one. */
  clientIp?: string;
  /** Why it was refused or failed: a failure kind or a limit name. */
  reason?: string;
}

/** Calls `onEvent` without letting it throw or reject into a step. */
export function eventSink(onEvent: ((event: OtpFlowEvent) => unknown) | undefined) {
  return (event: OtpFlowEvent) => {
    // Stryker disable next-line ConditionalExpression: calling a missing onEvent throws into the catch below
    if (!onEvent) return;
    try {
      Promise.resolve(onEvent(event)).catch(() => {});
    } catch {}
  };
}
