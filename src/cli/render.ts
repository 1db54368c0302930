import type { OtpContext, OtpFailure, OtpSession } from '../../machines/otp.types.ts';
import { statePath } from '../../machines/state-path.ts';
import { failureMessage } from '../messages.ts';
import { shorten } from '../testing/command.ts';
import type { DeliveredCode } from '../testing/index.ts';

/** The snapshot fields the renderer reads. */
export interface RenderedSnapshot {
  value: unknown;
  context: OtpContext;
}

/** The state as a dotted path, `awaitingCode.valid` shortened to `awaitingCode`. */
export function pathOf(value: unknown): string {
  return (statePath(value) ?? 'unknown').replace(/\.valid$/, '');
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function deliveryLine(delivery: Pick<DeliveredCode, 'destination' | 'method' | 'code'>): string {
  const { destination } = delivery;
  const shown = destination.startsWith('+') ? shorten(destination) : destination;
  return `📨 [test server] code for ${shown} by ${delivery.method}: ${delivery.code}`;
}

export function errorLine(failure: OtpFailure): string {
  const code = 'errorCode' in failure && failure.errorCode ? ` [${failure.errorCode}]` : '';
  return `✖ ${failureMessage(failure)}${code}`;
}

function summary(path: string, context: OtpContext, sentNow: boolean): string {
  const channel = context.pendingChannel ?? context.channel;
  switch (path) {
    case 'idle':
      return context.error ? 'no code sent' : 'ready for a login ID';
    case 'sending':
      return context.generation === 0
        ? `asking for a code for ${context.loginId} by ${channel}`
        : `asking for a new code by ${channel}`;
    case 'awaitingCode': {
      if (!sentNow) {
        const left =
          context.attemptsLeft === undefined ? '' : ` (${plural(context.attemptsLeft, 'attempt')} left)`;
        return `waiting for the code${left}`;
      }
      const to = context.maskedDestination ?? context.loginId;
      const attempts =
        context.attemptsLeft === undefined ? '' : ` (${plural(context.attemptsLeft, 'attempt')})`;
      return `code sent to ${to} by ${context.channel}${attempts}`;
    }
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

/** The lines describing a change from `previous` to `next`: a state line and/or an error line. */
export function transitionLines(next: RenderedSnapshot, previous: RenderedSnapshot | undefined): string[] {
  const lines: string[] = [];
  const path = pathOf(next.value);
  const sentNow = next.context.generation !== previous?.context.generation;
  if (!previous || path !== pathOf(previous.value) || sentNow) {
    lines.push(`→ ${path}: ${summary(path, next.context, sentNow)}`);
  }
  const { error } = next.context;
  if (error && error !== previous?.context.error) lines.push(errorLine(error));
  const readyNow = next.context.resendReady && previous?.context.resendReady === false;
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
