import { channels, phoneChannels } from '../../machines/concepts.ts';
import { isRecord } from '../../machines/record.ts';
import { maskEmail, maskPhone } from '../descope/mask.ts';
import { isEmailAddress, isPhoneNumber } from './address.ts';
import {
  type ApiResponse,
  type Auth,
  type Body,
  type Call,
  type Handler,
  type RouteContext,
  required,
  text,
} from './context.ts';
import {
  codeExpired,
  invalidArgument,
  tooManyAttempts,
  unauthorized,
  updateConflict,
  userExists,
  userNotFound,
  wrongCode,
} from './errors.ts';
import { startSession } from './session-routes.ts';
import { type Field, fieldOf, type PendingUpdate, type StoredUser } from './store.ts';
import type { OtpMethod } from './types.ts';

type OtpHandler = (ctx: RouteContext, call: Call, loginId: string, method: OtpMethod) => ReturnType<Handler>;

const requireRefresh = async (ctx: RouteContext, auth: Auth, user: StoredUser): Promise<void> => {
  if (auth.jwt === undefined) throw unauthorized('A refresh JWT is required');
  const subject = await ctx.tokens.refreshSubject(auth.jwt);
  if (subject === undefined) throw unauthorized('The refresh JWT is invalid or expired');
  if (subject !== user.userId) throw unauthorized('The refresh JWT belongs to another user');
};

const knownUser = async (
  ctx: RouteContext,
  auth: Auth,
  loginId: string,
  refresh: boolean,
): Promise<StoredUser> => {
  const user = ctx.store.findByLoginId(loginId);
  if (!user) throw userNotFound();
  if (refresh) await requireRefresh(ctx, auth, user);
  return user;
};

export const isAddress = (field: Field, value: string): boolean =>
  field === 'email' ? isEmailAddress(value) : isPhoneNumber(value);

export const customClaimsOf = (body: Body): Record<string, unknown> | undefined => {
  const options = body.loginOptions;
  return isRecord(options) && isRecord(options.customClaims) ? options.customClaims : undefined;
};

const send = (
  ctx: RouteContext,
  loginId: string,
  method: OtpMethod,
  user: StoredUser,
  destination: string,
  { body, update }: { body?: Body; update?: PendingUpdate },
): ApiResponse => {
  const customClaims = body && customClaimsOf(body);
  const fields = { method, destination, userId: user.userId, customClaims, update };
  const record = ctx.store.issueCode(loginId, fields);
  if (!user.test) ctx.deliver({ loginId, code: record.code, method, destination, at: record.sentAt });
  const masked =
    fieldOf(method) === 'email'
      ? { maskedEmail: maskEmail(destination) }
      : { maskedPhone: maskPhone(destination) };
  return { status: 200, body: { ...masked, verificationAttempts: ctx.maxAttempts } };
};

export const newUser = (
  ctx: RouteContext,
  loginId: string,
  method: OtpMethod,
  body: Body,
  test = false,
): StoredUser => {
  const user = isRecord(body.user) ? body.user : {};
  const field = fieldOf(method);
  const fromLoginId = (of: Field) => (field === of && isAddress(of, loginId) ? loginId : undefined);
  return ctx.store.createUser({
    loginId,
    email: text(user, 'email') ?? text(body, 'email') ?? fromLoginId('email'),
    phone: text(user, 'phone') ?? text(body, 'phone') ?? fromLoginId('phone'),
    name: text(user, 'name'),
    test,
  });
};

const signUp: OtpHandler = (ctx, { body }, loginId, method) => {
  if (ctx.store.findByLoginId(loginId)) throw userExists();
  const user = newUser(ctx, loginId, method, body);
  const destination = user[fieldOf(method)] ?? loginId;
  return send(ctx, loginId, method, user, destination, { body });
};

const signIn: OtpHandler = async (ctx, { auth, body }, loginId, method) => {
  const options = isRecord(body.loginOptions) ? body.loginOptions : {};
  const user = await knownUser(ctx, auth, loginId, options.stepup === true || options.mfa === true);
  const destination = user[fieldOf(method)] ?? loginId;
  return send(ctx, loginId, method, user, destination, { body });
};

const signUpOrIn: OtpHandler = (ctx, { body }, loginId, method) => {
  const user = ctx.store.findByLoginId(loginId) ?? newUser(ctx, loginId, method, {});
  return send(ctx, loginId, method, user, loginId, { body });
};

const update: OtpHandler = async (ctx, { auth, body }, loginId, method) => {
  const user = await knownUser(ctx, auth, loginId, true);
  const field = fieldOf(method);
  const value = required(body, field);
  if (!isAddress(field, value)) throw invalidArgument(field);
  const owner = ctx.store.ownerOf(field, value);
  if (owner && owner.userId !== user.userId && body.failOnConflict === true) throw updateConflict();
  const pending: PendingUpdate = { field, value, addToLoginIds: body.addToLoginIDs === true };
  return send(ctx, loginId, method, user, value, { update: pending });
};

const verify: OtpHandler = async (ctx, { body }, loginId, method) => {
  const code = required(body, 'code');
  const record = ctx.store.code(loginId);
  if (!record || record.used) throw codeExpired();
  if (record.attempts >= ctx.maxAttempts) throw tooManyAttempts();
  if (ctx.now() > record.sentAt + ctx.codeTtlMs) throw codeExpired();
  if (record.method !== method || record.code !== code) {
    record.attempts += 1;
    throw record.attempts < ctx.maxAttempts ? wrongCode() : tooManyAttempts();
  }
  const user = ctx.store.users.get(record.userId);
  if (!user) throw userNotFound();
  record.used = true;
  if (record.update) ctx.store.applyUpdate(user, record.update);
  else ctx.store.markVerified(user, fieldOf(method), record.destination);
  return { status: 200, body: await startSession(ctx, user, [method], record.customClaims) };
};

const withLoginId =
  (handler: OtpHandler, method: OtpMethod): Handler =>
  (ctx, call) =>
    handler(ctx, call, required(call.body, 'loginId'), method);

const operations: [string, OtpHandler][] = [
  ['signup', signUp],
  ['signin', signIn],
  ['signup-in', signUpOrIn],
  ['verify', verify],
];

/** Every OTP path, each with its handler: one per operation and channel, and the address updates. */
export const otpRoutes = (): [string, Handler][] => [
  ...operations.flatMap(([operation, handler]) =>
    channels.map((channel): [string, Handler] => [
      `/v1/auth/otp/${operation}/${channel}`,
      withLoginId(handler, channel),
    ]),
  ),
  ['/v1/auth/otp/update/email', withLoginId(update, 'email')],
  ...phoneChannels.map((channel): [string, Handler] => [
    `/v1/auth/otp/update/phone/${channel}`,
    withLoginId(update, channel),
  ]),
];
