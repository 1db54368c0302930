import { isEmail, isPhone } from '../../machines/validate.ts';
import {
  codeExpired,
  invalidArgument,
  malformed,
  methodNotAllowed,
  missingArgument,
  notFound,
  tooManyAttempts,
  unauthorized,
  unknownProject,
  updateConflict,
  userExists,
  userNotFound,
  wrongCode,
} from './errors.ts';
import { maskEmail, maskPhone } from './mask.ts';
import { type Field, fieldOf, type PendingUpdate, type Store, type StoredUser } from './store.ts';
import type { Tokens } from './tokens.ts';
import type { DeliveredCode, OtpMethod } from './types.ts';

export interface RouteContext {
  projectId: string;
  store: Store;
  tokens: Tokens;
  now: () => number;
  codeTtlMs: number;
  maxAttempts: number;
  refreshTtlSeconds: number;
  deliver(delivery: DeliveredCode): void;
}

export interface ApiRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
  malformed: boolean;
}

export interface ApiResponse {
  status: number;
  body: unknown;
}

type Body = Record<string, unknown>;
type Operation = 'signup' | 'signin' | 'signup-in' | 'verify' | 'update';

interface Auth {
  jwt: string | undefined;
}

const ROUTE =
  /^\/v1\/auth\/otp\/(?:(signup|signin|signup-in|verify)\/(email|sms|voice|whatsapp|im)|update\/(email)|update\/phone\/(sms|voice|whatsapp|im))$/;

const isObject = (value: unknown): value is Body =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (body: Body, key: string): string | undefined => {
  const value = body[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

const required = (body: Body, key: string): string => {
  const value = text(body, key);
  if (value === undefined) throw missingArgument(key);
  return value;
};

const authorize = (ctx: RouteContext, header: string | undefined): Auth => {
  const match = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
  if (!match) throw unauthorized('Missing or malformed Authorization header');
  const token = match[1]!;
  const colon = token.indexOf(':');
  const projectId = colon < 0 ? token : token.slice(0, colon);
  if (projectId !== ctx.projectId) throw unknownProject();
  return { jwt: colon < 0 ? undefined : token.slice(colon + 1) || undefined };
};

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

const isAddress = (field: Field, value: string): boolean =>
  field === 'email' ? isEmail(value) : isPhone(value);

const customClaimsOf = (body: Body): Record<string, unknown> | undefined => {
  const options = body.loginOptions;
  return isObject(options) && isObject(options.customClaims) ? options.customClaims : undefined;
};

/** Issues and delivers a code; custom claims come from `body`'s login options, if given. */
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
  ctx.deliver({ loginId, code: record.code, method, destination, at: record.sentAt });
  const masked =
    fieldOf(method) === 'email'
      ? { maskedEmail: maskEmail(destination) }
      : { maskedPhone: maskPhone(destination) };
  return { status: 200, body: { ...masked, verificationAttempts: ctx.maxAttempts } };
};

const newUser = (ctx: RouteContext, loginId: string, method: OtpMethod, body: Body): StoredUser => {
  const user = isObject(body.user) ? body.user : {};
  const field = fieldOf(method);
  const fromLoginId = (of: Field) => (field === of && isAddress(of, loginId) ? loginId : undefined);
  return ctx.store.createUser({
    loginId,
    email: text(user, 'email') ?? text(body, 'email') ?? fromLoginId('email'),
    phone: text(user, 'phone') ?? text(body, 'phone') ?? fromLoginId('phone'),
    name: text(user, 'name'),
  });
};

const signUp = (ctx: RouteContext, loginId: string, method: OtpMethod, body: Body): ApiResponse => {
  if (ctx.store.findByLoginId(loginId)) throw userExists();
  const user = newUser(ctx, loginId, method, body);
  const destination = user[fieldOf(method)] ?? loginId;
  return send(ctx, loginId, method, user, destination, { body });
};

const signIn = async (
  ctx: RouteContext,
  auth: Auth,
  loginId: string,
  method: OtpMethod,
  body: Body,
): Promise<ApiResponse> => {
  const options = isObject(body.loginOptions) ? body.loginOptions : {};
  const user = await knownUser(ctx, auth, loginId, options.stepup === true || options.mfa === true);
  const destination = user[fieldOf(method)] ?? loginId;
  return send(ctx, loginId, method, user, destination, { body });
};

const signUpOrIn = (ctx: RouteContext, loginId: string, method: OtpMethod, body: Body): ApiResponse => {
  const user = ctx.store.findByLoginId(loginId) ?? newUser(ctx, loginId, method, {});
  return send(ctx, loginId, method, user, loginId, { body });
};

const update = async (
  ctx: RouteContext,
  auth: Auth,
  loginId: string,
  method: OtpMethod,
  body: Body,
): Promise<ApiResponse> => {
  const user = await knownUser(ctx, auth, loginId, true);
  const field = fieldOf(method);
  const value = required(body, field);
  if (!isAddress(field, value)) throw invalidArgument(field);
  const owner = ctx.store.ownerOf(field, value);
  if (owner && owner.userId !== user.userId && body.failOnConflict === true) throw updateConflict();
  const pending: PendingUpdate = { field, value, addToLoginIds: body.addToLoginIDs === true };
  return send(ctx, loginId, method, user, value, { update: pending });
};

const verify = async (
  ctx: RouteContext,
  loginId: string,
  method: OtpMethod,
  body: Body,
): Promise<ApiResponse> => {
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
  const firstSeen = !user.seen;
  user.seen = true;
  const tokens = await ctx.tokens.issue(user.userId, record.customClaims);
  return {
    status: 200,
    body: {
      sessionJwt: tokens.sessionJwt,
      refreshJwt: tokens.refreshJwt,
      sessionExpiration: tokens.sessionExpiration,
      cookieDomain: '',
      cookiePath: '/',
      cookieMaxAge: ctx.refreshTtlSeconds,
      cookieExpiration: tokens.refreshExpiration,
      cookieName: 'DS',
      user: {
        userId: user.userId,
        loginIds: [...user.loginIds],
        email: user.email ?? '',
        phone: user.phone ?? '',
        name: user.name ?? '',
        verifiedEmail: user.verifiedEmail,
        verifiedPhone: user.verifiedPhone,
        createdTime: user.createdTime,
      },
      firstSeen,
      claims: tokens.claims,
    },
  };
};

export const route = async (ctx: RouteContext, request: ApiRequest): Promise<ApiResponse> => {
  const match = ROUTE.exec(request.path);
  if (!match) throw notFound(request.path);
  if (request.method !== 'POST') throw methodNotAllowed(request.method);
  const auth = authorize(ctx, request.authorization);
  if (request.malformed) throw malformed('Request body is not valid JSON');
  const body = request.body === undefined ? {} : request.body;
  if (!isObject(body)) throw malformed();
  const operation = (match[1] ?? 'update') as Operation;
  const method = (match[2] ?? match[3] ?? match[4]) as OtpMethod;
  const loginId = required(body, 'loginId');
  switch (operation) {
    case 'signup':
      return signUp(ctx, loginId, method, body);
    case 'signin':
      return signIn(ctx, auth, loginId, method, body);
    case 'signup-in':
      return signUpOrIn(ctx, loginId, method, body);
    case 'verify':
      return verify(ctx, loginId, method, body);
    case 'update':
      return update(ctx, auth, loginId, method, body);
  }
};
