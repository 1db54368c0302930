import { isFailureKind } from './concepts.ts';
import type { OtpFailure, OtpFailureKind } from './otp.types.ts';
import { isRecord } from './record.ts';

/** Carries an `OtpFailure` through a rejected promise. The message never holds a secret. */
export class OtpError extends Error {
  override readonly name = 'OtpError';
  readonly failure: OtpFailure;

  constructor(failure: OtpFailure) {
    super(`Descope OTP request failed: ${failure.kind}`);
    this.failure = failure;
  }
}

const requiredField: Partial<Record<OtpFailureKind, string>> = {
  invalidInput: 'field',
  rateLimited: 'retryAfterMs',
  unauthorized: 'status',
  server: 'status',
};

const fieldTypes: Record<string, 'string' | 'number'> = {
  field: 'string',
  attemptsLeft: 'number',
  retryAfterMs: 'number',
  status: 'number',
  errorCode: 'string',
  errorDescription: 'string',
};

/** The failure rebuilt from its known fields only, or undefined when it is not a well-formed `OtpFailure`. */
export function readFailure(value: unknown): OtpFailure | undefined {
  if (!isRecord(value) || !isFailureKind(value.kind)) return undefined;
  const { kind } = value;
  const required = requiredField[kind];
  if (required && value[required] === undefined) return undefined;
  const failure: Record<string, unknown> = { kind };
  for (const [name, type] of Object.entries(fieldTypes)) {
    const field = value[name];
    if (field === undefined) continue;
    if (typeof field !== type || (type === 'number' && !Number.isFinite(field))) return undefined;
    failure[name] = field;
  }
  return failure as OtpFailure;
}

export function toFailure(error: unknown): OtpFailure {
  const cause = error instanceof OtpError ? error.failure : error;
  return readFailure(cause) ?? readFailure(Object(cause).failure) ?? { kind: 'server', status: 0 };
}
