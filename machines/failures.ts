import type { OtpFailure, OtpFailureKind } from './otp.types.ts';

/** Carries an `OtpFailure` through a rejected promise. The message never holds a secret. */
export class OtpError extends Error {
  override readonly name = 'OtpError';
  readonly failure: OtpFailure;

  constructor(failure: OtpFailure) {
    super(`Descope OTP request failed: ${failure.kind}`);
    this.failure = failure;
  }
}

type Check = (value: unknown) => boolean;

const isString: Check = (value) => typeof value === 'string';
const isNumber: Check = (value) => typeof value === 'number' && Number.isFinite(value);
const optional =
  (check: Check): Check =>
  (value) =>
    value === undefined || check(value);

const descope = { errorCode: optional(isString), errorDescription: optional(isString) };

const shapes: Record<OtpFailureKind, Record<string, Check>> = {
  invalidInput: { field: isString },
  wrongCode: { attemptsLeft: optional(isNumber), ...descope },
  tooManyAttempts: descope,
  codeExpired: descope,
  userNotFound: descope,
  userAlreadyExists: descope,
  conflict: descope,
  rateLimited: { retryAfterMs: isNumber, ...descope },
  unauthorized: { status: isNumber, ...descope },
  network: {},
  timeout: {},
  server: { status: isNumber, ...descope },
};

const terminalKinds = new Set<OtpFailureKind>([
  'tooManyAttempts',
  'userNotFound',
  'userAlreadyExists',
  'conflict',
  'unauthorized',
]);

/** The failure rebuilt from its known fields only, or undefined when it is not a well-formed `OtpFailure`. */
export function readFailure(value: unknown): OtpFailure | undefined {
  const given = (typeof value === 'object' && value) as Record<string, unknown> | false;
  const kind = given && (given.kind as OtpFailureKind);
  if (!given || typeof kind !== 'string' || !Object.hasOwn(shapes, kind)) return undefined;
  const failure: Record<string, unknown> = { kind };
  for (const [name, check] of Object.entries(shapes[kind])) {
    if (!check(given[name])) return undefined;
    if (given[name] !== undefined) failure[name] = given[name];
  }
  return failure as OtpFailure;
}

export function toFailure(error: unknown): OtpFailure {
  const cause = error instanceof OtpError ? error.failure : error;
  return (
    readFailure(cause) ??
    readFailure((cause as { failure?: unknown } | null)?.failure) ?? { kind: 'server', status: 0 }
  );
}

export function isTerminalFailure(failure: OtpFailure): boolean {
  return terminalKinds.has(failure.kind);
}
