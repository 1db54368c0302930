import type { OtpContext } from '../../machines/otp.types.ts';

/** The `format` tag of a persisted flow. */
export const flowFormat = 'descope-otp-machine/flow';

/** The format version `persistFlow` writes and `restoreFlow` reads. */
export const flowVersion = 2;

/** Every state a flow can be persisted in, as dotted paths. */
export const flowStates = [
  'idle',
  'sending',
  'awaitingCode.valid',
  'awaitingCode.expired',
  'verifying',
  'authenticated',
  'failed',
] as const;

/**
 * The state a flow was persisted in, as a dotted path. `sending` and `verifying` are recorded as they were;
 * `restoreFlow` resumes them in a state that sends nothing by itself.
 */
export type PersistedFlowState = (typeof flowStates)[number];

/** The context fields a persisted flow keeps: no code, no token, no refresh JWT, no settings. */
export type PersistedFlowContext = Pick<
  OtpContext,
  | 'loginId'
  | 'channel'
  | 'maskedDestination'
  | 'newAddress'
  | 'generation'
  | 'attemptsLeft'
  | 'resendAvailableAt'
  | 'resendReady'
  | 'retryAfterAt'
  | 'codeExpiresAt'
  | 'error'
>;

/** A flow as `persistFlow` writes it: small, versioned and JSON-safe (`JSON.parse(JSON.stringify(x))` equals it). */
export interface PersistedFlow {
  format: typeof flowFormat;
  version: typeof flowVersion;
  state: PersistedFlowState;
  context: PersistedFlowContext;
  /** When it was persisted, in epoch ms of the actor's clock (`Date.now()` for a bare snapshot). */
  savedAt: number;
}

/**
 * Why `restoreFlow` refused its argument:
 * - `invalid`: not a persisted flow (not an object, another `format`, a missing or mistyped field);
 * - `version`: a persisted flow of another format version;
 * - `state`: a state this version of the machine does not have.
 */
export type FlowRestoreReason = 'invalid' | 'version' | 'state';

/** Thrown by `restoreFlow`. The message names the problem, never the persisted values. */
export class FlowRestoreError extends Error {
  override readonly name = 'FlowRestoreError';
  readonly reason: FlowRestoreReason;
  /** The field at fault, as a dotted path (for example `context.generation`), when there is one. */
  readonly field: string | undefined;

  constructor(reason: FlowRestoreReason, field?: string) {
    super(`Cannot restore the OTP flow: ${describe(reason, field)}`);
    this.reason = reason;
    this.field = field;
  }
}

function describe(reason: FlowRestoreReason, field: string | undefined): string {
  if (reason === 'version') return `unsupported format version (expected ${flowVersion})`;
  if (reason === 'state') return 'unknown state';
  return field === undefined ? 'not a persisted flow' : `invalid ${field}`;
}
