import { includes } from '../../machines/concepts.ts';
import type { LimitName } from './limits.ts';

/** The server's own failure kinds, beside every `OtpFailure` kind. */
export const serverFailureKinds = [
  'busy',
  'unknownFlow',
  'storeUnavailable',
  'destinationNotAllowed',
  'botCheckFailed',
  'notStored',
] as const;

/** The kind of a `ServerFailure`. */
export type ServerFailureKind = (typeof serverFailureKinds)[number];

/**
 * A failure of the server around the flow, not of Descope:
 * - `busy`: another step of this flow holds its lease (on this instance or another); nothing was sent.
 * - `unknownFlow`: no such flow, or it expired, or its stored value could not be restored.
 * - `storeUnavailable`: the store could not be reached; nothing was sent.
 * - `destinationNotAllowed`: the phone number is outside `allowedCountries`; nothing was sent.
 * - `botCheckFailed`: `verifyHuman` refused the step (or threw); nothing was sent.
 * - `notStored`: the step made its request to Descope (a code may have gone out) but its result could not
 *   be stored; the step's `status` and `view` say what Descope answered. Do not start a new flow: let the
 *   user enter the code on this flow, and start again only if that answers `unknownFlow`.
 */
export interface ServerFailure {
  kind: ServerFailureKind;
}

/**
 * `rateLimited` as the server answers it: Descope's (no `limit`), a resend during the cooldown (no `limit`),
 * or one of the server's own `limits`, named by `limit`; nothing was sent or verified.
 */
export interface RateLimitedFailure {
  kind: 'rateLimited';
  /** How long to wait before trying again, in milliseconds (the `Retry-After` header, rounded up to seconds). */
  retryAfterMs: number;
  /** The server limit that refused the step, as `OtpLimits` names it; absent for Descope's own 429. */
  limit?: LimitName;
}

const messages: Record<ServerFailureKind, string> = {
  busy: 'This sign-in is already handling a request. Wait a moment and try again.',
  unknownFlow: 'This sign-in has expired or does not exist. Start again.',
  storeUnavailable: 'The service is unavailable right now. Try again in a moment.',
  destinationNotAllowed: 'Codes cannot be sent to this number.',
  botCheckFailed: 'The check that you are not a robot failed. Try again.',
  notStored:
    'Your request went through, but this sign-in could not be saved. Wait a moment, then enter the code you received.',
};

/** Whether a value is one of `serverFailureKinds`. */
export const isServerFailureKind = includes(serverFailureKinds);

/** A readable English sentence for a server failure. */
export const serverFailureMessage = (failure: ServerFailure): string => messages[failure.kind];
