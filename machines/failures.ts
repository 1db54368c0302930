import type { OtpFailure, OtpFailureKind } from './otp.types.ts';

const terminalKinds = new Set<OtpFailureKind>([
  'tooManyAttempts',
  'userNotFound',
  'userAlreadyExists',
  'conflict',
  'unauthorized',
]);

const knownKinds = new Set<OtpFailureKind>([
  ...terminalKinds,
  'invalidInput',
  'wrongCode',
  'codeExpired',
  'rateLimited',
  'network',
  'timeout',
  'server',
]);

/** Carries an `OtpFailure` through a rejected promise. The message never holds a secret. */
export class OtpError extends Error {
  override readonly name = 'OtpError';
  readonly failure: OtpFailure;

  constructor(failure: OtpFailure) {
    super(`Descope OTP request failed: ${failure.kind}`);
    this.failure = failure;
  }
}

function isFailure(value: unknown): value is OtpFailure {
  return typeof value === 'object' && value !== null && knownKinds.has((value as OtpFailure).kind);
}

export function toFailure(error: unknown): OtpFailure {
  if (error instanceof OtpError) return error.failure;
  if (isFailure(error)) return error;
  if (typeof error === 'object' && error !== null && isFailure((error as { failure?: unknown }).failure)) {
    return (error as { failure: OtpFailure }).failure;
  }
  return { kind: 'server', status: 0 };
}

export function isTerminalFailure(failure: OtpFailure): boolean {
  return terminalKinds.has(failure.kind);
}
