import type { InvalidField, OtpFailure, OtpFailureKind } from '../../machines/otp.types.ts';

interface FieldRule {
  test: (value: unknown) => boolean;
  optional: boolean;
}

const invalidFields: Record<InvalidField, true> = {
  projectId: true,
  baseUrl: true,
  operation: true,
  channel: true,
  loginId: true,
  email: true,
  phone: true,
  code: true,
  refreshJwt: true,
  codeLength: true,
  event: true,
};

const isString = (value: unknown) => typeof value === 'string';
const isNumber = (value: unknown) => typeof value === 'number' && Number.isFinite(value);
const isInvalidField = (value: unknown) => typeof value === 'string' && Object.hasOwn(invalidFields, value);
const required = (test: FieldRule['test']): FieldRule => ({ test, optional: false });
const optional = (test: FieldRule['test']): FieldRule => ({ test, optional: true });

const descope = { errorCode: optional(isString), errorDescription: optional(isString) };

const shapes: Record<OtpFailureKind, Record<string, FieldRule>> = {
  invalidInput: { field: required(isInvalidField) },
  wrongCode: { attemptsLeft: optional(isNumber), ...descope },
  tooManyAttempts: descope,
  codeExpired: descope,
  userNotFound: descope,
  userAlreadyExists: descope,
  conflict: descope,
  rateLimited: { retryAfterMs: required(isNumber), ...descope },
  unauthorized: { status: required(isNumber), ...descope },
  network: {},
  timeout: {},
  server: { status: required(isNumber), ...descope },
};

/** The failure rebuilt from its known fields only, or undefined when it is not a well-formed `OtpFailure`. */
export function readFailure(value: unknown): OtpFailure | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const given = value as Record<string, unknown>;
  const { kind } = given;
  if (typeof kind !== 'string' || !Object.hasOwn(shapes, kind)) return undefined;
  const failure: Record<string, unknown> = { kind };
  for (const [name, rule] of Object.entries(shapes[kind as OtpFailureKind])) {
    const field = given[name];
    if (field === undefined && rule.optional) continue;
    if (!rule.test(field)) return undefined;
    failure[name] = field;
  }
  return failure as OtpFailure;
}
