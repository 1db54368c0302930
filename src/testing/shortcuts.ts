import { isChannel } from '../../machines/concepts.ts';
import { isRecord } from '../../machines/record.ts';
import { isPhoneNumber } from './address.ts';
import type { RouteContext } from './context.ts';
import { newUser } from './otp-routes.ts';
import { startSession } from './session-routes.ts';
import type { IssuedSession, IssueSessionOptions } from './types.ts';

export const issueSession = async (
  ctx: RouteContext,
  loginId: string,
  options: IssueSessionOptions = {},
): Promise<IssuedSession> => {
  if (typeof loginId !== 'string' || loginId === '')
    throw new TypeError('issueSession expects a non-empty login ID');
  const method = options.method ?? (isPhoneNumber(loginId) ? 'sms' : 'email');
  if (!isChannel(method)) throw new TypeError(`issueSession: unknown method ${String(method)}`);
  const { customClaims } = options;
  if (customClaims !== undefined && !isRecord(customClaims))
    throw new TypeError('issueSession: customClaims must be a plain object');
  const user = ctx.store.findByLoginId(loginId) ?? newUser(ctx, loginId, method, {}, options.test === true);
  const answer = await startSession(ctx, user, [method], customClaims);
  return { sessionJwt: answer.sessionJwt, refreshJwt: answer.refreshJwt ?? '', user };
};
