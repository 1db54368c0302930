import { includes } from '../../machines/concepts.ts';

/** The server's own failure kinds, beside every `OtpFailure` kind. */
export const serverFailureKinds = ['busy', 'unknownFlow', 'storeUnavailable'] as const;

/** The kind of a `ServerFailure`. */
export type ServerFailureKind = (typeof serverFailureKinds)[number];

/**
 * A failure of the server around the flow, not of Descope:
 * - `busy`: another step of this flow holds its lease (on this instance or another); nothing was sent.
 * - `unknownFlow`: no such flow, or it expired, or its stored value could not be restored.
 * - `storeUnavailable`: the store could not be reached; nothing was sent.
 */
export interface ServerFailure {
  kind: ServerFailureKind;
}

const messages: Record<ServerFailureKind, string> = {
  busy: 'This sign-in is already handling a request. Wait a moment and try again.',
  unknownFlow: 'This sign-in has expired or does not exist. Start again.',
  storeUnavailable: 'The service is unavailable right now. Try again in a moment.',
};

/** Whether a value is one of `serverFailureKinds`. */
export const isServerFailureKind = includes(serverFailureKinds);

/** A readable English sentence for a server failure. */
export const serverFailureMessage = (failure: ServerFailure): string => messages[failure.kind];
