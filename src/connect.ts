import type { Channel, OtpContext, OtpEvent, OtpFailure, OtpStatus } from '../machines/otp.types.ts';
import { failureMessage } from './messages.ts';

/** The top-level state of a flow. */
export type { OtpStatus } from '../machines/concepts.ts';

/** The snapshot fields `connect` reads: any `otpMachine` snapshot fits. */
export interface OtpSnapshotLike {
  value: unknown;
  context: OtpContext;
  can(event: OtpEvent): boolean;
}

/** Attributes for the code input: spread them on an `<input>`. */
export interface CodeInputAttributes {
  /** Lets browsers and phones offer the code from the SMS. */
  autocomplete: 'one-time-code';
  /** Shows a digit keyboard. */
  inputmode: 'numeric';
  /** `codeLength` plus room for a space or dash in a pasted code. */
  maxlength: number;
  /** Digits, spaces and dashes. */
  pattern: string;
}

/** What any UI renders for a flow, and the functions its controls call. */
export interface OtpView {
  /** The top-level state. */
  status: OtpStatus;
  /** True while a request is in flight. */
  busy: boolean;
  /** The login ID of the flow (kept across `RESET` for editing). */
  loginId: string;
  /** Where the current code went, masked by Descope. */
  maskedDestination: string | null;
  /** The channel of the current code. */
  channel: Channel;
  /** Whether a `RESEND` would be accepted now. */
  canResend: boolean;
  /** Whole seconds until a resend (or, after a 429 on the first send, a send) is allowed; 0 when allowed. */
  resendInSeconds: number;
  /** Whole seconds until the code expires, or null when no expiry is known. */
  expiresInSeconds: number | null;
  /** Verify attempts left for the current code, when the server said. */
  attemptsLeft: number | null;
  /** The last failure with a readable English `message`, or null. */
  error: (OtpFailure & { message: string }) | null;
  /** Attributes for the code field. */
  codeInput: CodeInputAttributes;
  /** Sends `SEND`; `extra` holds another channel or the new address of an update. */
  send(loginId: string, extra?: { channel?: Channel; email?: string; phone?: string }): void;
  /** Sends `SUBMIT_CODE`. */
  submitCode(code: string): void;
  /** Sends `RESEND`, optionally over another channel. */
  resend(channel?: Channel): void;
  /** Sends `RESET`. */
  reset(): void;
}

const statusOf = (value: unknown) =>
  (typeof value === 'string' ? value : Object.keys(value as object)[0]) as OtpStatus;

const secondsUntil = (at: number, now: number) => Math.max(0, Math.ceil((at - now) / 1000));

/** Turns a snapshot into what a UI renders. Pure: no framework, no DOM. */
export function connect(
  snapshot: OtpSnapshotLike,
  send: (event: OtpEvent) => void,
  now = Date.now(),
): OtpView {
  const { context } = snapshot;
  const status = statusOf(snapshot.value);
  const canResend = snapshot.can({ type: 'RESEND' });
  return {
    status,
    busy: status === 'sending' || status === 'verifying',
    loginId: context.loginId,
    maskedDestination: context.maskedDestination,
    channel: context.channel,
    canResend,
    resendInSeconds: context.resendReady ? 0 : secondsUntil(context.resendAvailableAt, now),
    expiresInSeconds: context.codeExpiresAt === undefined ? null : secondsUntil(context.codeExpiresAt, now),
    attemptsLeft: context.attemptsLeft ?? null,
    error: context.error ? { ...context.error, message: failureMessage(context.error) } : null,
    codeInput: {
      autocomplete: 'one-time-code',
      inputmode: 'numeric',
      maxlength: context.settings.codeLength + 2,
      pattern: '[0-9 -]*',
    },
    send: (loginId, extra) => send({ type: 'SEND', loginId, ...extra }),
    submitCode: (code) => send({ type: 'SUBMIT_CODE', code }),
    resend: (channel) => send(channel ? { type: 'RESEND', channel } : { type: 'RESEND' }),
    reset: () => send({ type: 'RESET' }),
  };
}
