import type { OtpSnapshot } from '../../machines/otp.machine.ts';
import type { Channel, Operation, OtpFailure, OtpSession, OtpStatus } from '../../machines/otp.types.ts';
import type { CodeInputAttributes, PropNames, PropNormalizer } from './props.ts';

/** The parts of an `otpMachine` snapshot that `connect` reads: any snapshot of the machine fits. */
export type OtpSnapshotLike = Pick<OtpSnapshot, 'context' | 'output' | 'matches' | 'can'>;

/** The last failure of a flow, with a readable English `message` (never a code or a token). */
export type OtpViewError = OtpFailure & { message: string };

/**
 * Everything a UI renders for a flow: plain data, JSON-safe. `session` is the only field that holds a
 * secret (the tokens); leave it out of anything you log or store.
 */
export interface OtpViewData {
  /** The top-level state. */
  status: OtpStatus;
  /** True while a request is in flight. */
  busy: boolean;
  /** The flow's operation. */
  operation: Operation;
  /** The login ID of the flow (kept across `RESET` for editing). */
  loginId: string;
  /** Where the current code went, masked by Descope. */
  maskedDestination: string | null;
  /** The channel of the send in flight while `sending`, else of the current code (before any send, of the next one). */
  channel: Channel;
  /** Whether a `SEND` would be accepted now (in `idle`, once a 429's wait has passed). */
  canSend: boolean;
  /** Whether a `RESEND` would be accepted now. */
  canResend: boolean;
  /** Whole seconds until a resend (or, after a 429 on the first send, a send) is allowed; 0 when allowed. */
  resendInSeconds: number;
  /** Whole seconds until the code expires, or null when no expiry is known. */
  expiresInSeconds: number | null;
  /** True once the current code has expired: only a resend or a reset helps. */
  codeExpired: boolean;
  /** Verify attempts left for the current code, when the server said. */
  attemptsLeft: number | null;
  /** The last failure with a readable English `message`, or null. */
  error: OtpViewError | null;
  /**
   * Changes with each new code: the number of codes sent in this flow (0 before the first, and again
   * after `RESET`). Key the code form on it so a new code starts with an empty field.
   */
  codeKey: number;
  /** Attributes for the code field, spelled as HTML attributes (see `getCodeInputProps` for other spellings). */
  codeInput: CodeInputAttributes;
  /** The session once `authenticated`, else null. It holds the tokens. */
  session: OtpSession | null;
}

/** What a UI renders for a flow, and the functions its controls call. */
export interface OtpView extends OtpViewData {
  /** Sends `SEND`; `extra` holds another channel or the new address of an update. */
  send(loginId: string, extra?: { channel?: Channel; email?: string; phone?: string }): void;
  /** Sends `SUBMIT_CODE` with the code as typed: the machine checks it. */
  submitCode(code: string): void;
  /** Sends `RESEND`, optionally over another channel. */
  resend(channel?: Channel): void;
  /** Sends `RESET`. */
  reset(): void;
}

/** Options of `connect`. */
export interface ConnectOptions<Names extends PropNames = PropNames> {
  /** The time the countdowns are computed at (epoch ms). @default Date.now() */
  now?: number;
  /**
   * Adds the prop getters, in a framework's spelling: `normalizeReact`, `normalizeVue`,
   * `normalizeSvelte` or `normalizeDom`. @default undefined (no getters; `codeInput` has the HTML attributes)
   */
  normalize?: PropNormalizer<Names>;
}
