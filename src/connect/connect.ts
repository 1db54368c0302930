import { statuses } from '../../machines/concepts.ts';
import type { OtpEvent } from '../../machines/otp.types.ts';
import { failureMessage } from './messages.ts';
import type { OtpPropGetters, PropNames, PropNormalizer } from './props.ts';
import type { ConnectOptions, OtpSnapshotLike, OtpView } from './types.ts';

const secondsUntil = (at: number, now: number) => Math.max(0, Math.ceil((at - now) / 1000));

/**
 * Turns a snapshot into what a UI renders. Pure: no framework, no DOM. With a `normalize` option the
 * view also has prop getters in that framework's spelling.
 */
export function connect<Names extends PropNames>(
  snapshot: OtpSnapshotLike,
  send: (event: OtpEvent) => void,
  options: ConnectOptions<Names> & { normalize: PropNormalizer<Names> },
): OtpView & OtpPropGetters<Names>;
/** Turns a snapshot into what a UI renders, its countdowns computed at `options.now`. */
export function connect(
  snapshot: OtpSnapshotLike,
  send: (event: OtpEvent) => void,
  options?: ConnectOptions,
): OtpView;
/** @deprecated Pass the time as `{ now }`. */
export function connect(snapshot: OtpSnapshotLike, send: (event: OtpEvent) => void, now?: number): OtpView;
export function connect(
  snapshot: OtpSnapshotLike,
  send: (event: OtpEvent) => void,
  options: number | ConnectOptions = {},
): OtpView {
  const { now = Date.now(), normalize } = typeof options === 'number' ? { now: options } : options;
  const { context } = snapshot;
  const status = statuses.find((state) => snapshot.matches(state)) ?? 'failed';
  const view: OtpView = {
    status,
    busy: status === 'sending' || status === 'verifying',
    operation: context.settings.operation,
    loginId: context.loginId,
    maskedDestination: context.maskedDestination,
    channel: context.pendingChannel ?? context.channel,
    canSend: status === 'idle' && context.resendReady,
    canResend: snapshot.can({ type: 'RESEND' }),
    resendInSeconds: context.resendReady ? 0 : secondsUntil(context.resendAvailableAt, now),
    expiresInSeconds: context.codeExpiresAt === undefined ? null : secondsUntil(context.codeExpiresAt, now),
    codeExpired: snapshot.matches({ awaitingCode: 'expired' }),
    attemptsLeft: context.attemptsLeft ?? null,
    error: context.error ? { ...context.error, message: failureMessage(context.error) } : null,
    codeKey: context.generation,
    codeInput: {
      autocomplete: 'one-time-code',
      inputmode: 'numeric',
      maxlength: context.settings.codeLength + 2,
    },
    session: snapshot.output ?? null,
    send: (loginId, extra) => send({ type: 'SEND', loginId, ...extra }),
    submitCode: (code) => send({ type: 'SUBMIT_CODE', code }),
    resend: (channel) => send({ type: 'RESEND', ...(channel && { channel }) }),
    reset: () => send({ type: 'RESET' }),
  };
  return normalize ? normalize(view) : view;
}
