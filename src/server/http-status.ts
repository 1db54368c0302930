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
  destinationNotAllowed: 403,
  botCheckFailed: 403,
};

/** The HTTP status of a step: 200, or the status of its failure's kind. */
export const httpStatusOf = (error: FlowFailure | null): number => (error ? statuses[error.kind] : 200);

const isServerFailure = (error: FlowFailure): error is ServerFailure => isServerFailureKind(error.kind);

/** The failure with a readable English `message`. */
export function describeFailure(error: FlowFailure): FlowFailure & { message: string } {
  const message = isServerFailure(error) ? serverFailureMessage(error) : failureMessage(error);
  return { ...error, message };
}
