import { failureMessage } from '../index.ts';
import { isServerFailureKind, type ServerFailure, serverFailureMessage } from './kinds.ts';
import type { FlowFailure } from './types.ts';

type FailureKind = FlowFailure['kind'];

const statuses: Record<FailureKind, number> = {
  invalidInput: 400,
  wrongCode: 401,
  tooManyAttempts: 403,
  codeExpired: 410,
  userNotFound: 404,
  userAlreadyExists: 409,
  conflict: 409,
  rateLimited: 429,
  unauthorized: 401,
  network: 502,
  timeout: 504,
  server: 502,
  busy: 409,
  unknownFlow: 404,
  storeUnavailable: 503,
  notStored: 503,
  destinationNotAllowed: 403,
  botCheckFailed: 403,
};

/** The HTTP status of a step: 200, or the status of its failure's kind (503 for Descope's own 503). */
export function httpStatusOf(error: FlowFailure | null): number {
  if (!error) return 200;
  return error.kind === 'server' && error.status === 503 ? 503 : statuses[error.kind];
}

/** The `Retry-After` of a step's answer, in seconds: for `rateLimited`, and a server failure that gave one. */
export function retryAfterOf(error: FlowFailure | null): number | undefined {
  const ms = error && 'retryAfterMs' in error ? error.retryAfterMs : undefined;
  return typeof ms === 'number' ? Math.max(1, Math.ceil(ms / 1000)) : undefined;
}

const isServerFailure = (error: FlowFailure): error is ServerFailure => isServerFailureKind(error.kind);

const bindingMessage = 'This sign-in could not be tied to this browser. Start again.';

/** The failure with a readable English `message`. */
export function describeFailure(error: FlowFailure): FlowFailure & { message: string } {
  const message = isServerFailure(error)
    ? serverFailureMessage(error)
    : (error as { field?: string }).field === 'binding'
      ? bindingMessage
      : failureMessage(error);
  return { ...error, message };
}
