import type { OtpFailure, OtpSession } from '../../machines/otp.types.ts';
import type { OtpViewData } from '../connect/index.ts';
import { failureMessage } from '../connect/messages.ts';

/** What a state line reads from the view. */
export type RenderedView = Pick<
  OtpViewData,
  | 'status'
  | 'codeExpired'
  | 'codeKey'
  | 'loginId'
  | 'channel'
  | 'maskedDestination'
  | 'attemptsLeft'
  | 'error'
  | 'canResend'
>;

/** The state as a dotted path: `awaitingCode.expired` once the code expired, else the status. */
export const pathOf = (view: Pick<OtpViewData, 'status' | 'codeExpired'>): string =>
  view.codeExpired ? `${view.status}.expired` : view.status;

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function errorLine(failure: OtpFailure): string {
  const code = 'errorCode' in failure && failure.errorCode ? ` [${failure.errorCode}]` : '';
  return `✖ ${failureMessage(failure)}${code}`;
}

const attempts = (view: RenderedView, suffix: string) =>
  view.attemptsLeft === null ? '' : ` (${plural(view.attemptsLeft, 'attempt')}${suffix})`;

function summary(path: string, view: RenderedView, sentNow: boolean): string {
  switch (path) {
    case 'idle':
      return view.error ? 'no code sent' : 'ready for a login ID';
    case 'sending':
      return view.codeKey === 0
        ? `asking for a code for ${view.loginId} by ${view.channel}`
        : `asking for a new code by ${view.channel}`;
    case 'awaitingCode':
      return sentNow
        ? `code sent to ${view.maskedDestination ?? view.loginId} by ${view.channel}${attempts(view, '')}`
        : `waiting for the code${attempts(view, ' left')}`;
    case 'awaitingCode.expired':
      return 'the code has expired: ask for a new one';
    case 'verifying':
      return 'checking the code';
    case 'authenticated':
      return 'signed in';
    case 'failed':
      return 'the flow stopped';
    default:
      return path;
  }
}

const sameError = (a: OtpFailure | null, b: OtpFailure | null | undefined) =>
  JSON.stringify(a) === JSON.stringify(b ?? null);

/** The lines describing a change from `previous` to `next`: a state line and/or an error line. */
export function transitionLines(next: RenderedView, previous: RenderedView | undefined): string[] {
  const lines: string[] = [];
  const path = pathOf(next);
  const samePath = previous !== undefined && path === pathOf(previous);
  const sentNow = next.codeKey !== previous?.codeKey;
  if (!samePath || sentNow) lines.push(`→ ${path}: ${summary(path, next, sentNow)}`);
  if (next.error && !sameError(next.error, previous?.error)) lines.push(errorLine(next.error));
  const readyNow = samePath && next.canResend && !previous.canResend;
  if (readyNow && path.startsWith('awaitingCode')) lines.push('· You can ask for a new code now.');
  return lines;
}

function untilText(seconds: number): string {
  if (seconds < 90) return `in ${plural(Math.max(0, Math.round(seconds)), 'second')}`;
  if (seconds < 5400) return `in ${plural(Math.round(seconds / 60), 'minute')}`;
  return `in ${plural(Math.round(seconds / 3600), 'hour')}`;
}

/** The end-of-flow summary. Tokens appear only with `showTokens`. */
export function sessionLines(session: OtpSession, showTokens: boolean, now = Date.now()): string[] {
  const expires =
    session.sessionExpiration === undefined
      ? 'unknown'
      : `${new Date(session.sessionExpiration * 1000).toISOString()} (${untilText(session.sessionExpiration - now / 1000)})`;
  const lines = [
    '✔ Signed in.',
    `  User ID:         ${session.user.userId ?? '(not returned)'}`,
    `  First sign-in:   ${session.firstSeen ? 'yes' : 'no'}`,
    `  Session expires: ${expires}`,
  ];
  if (!showTokens) {
    lines.push('  Tokens:          hidden (run with --show-tokens to print them)');
    return lines;
  }
  lines.push(`  Session JWT:     ${session.sessionJwt}`);
  lines.push(`  Refresh JWT:     ${session.refreshJwt ?? '(none: the project sets it as a cookie)'}`);
  return lines;
}
