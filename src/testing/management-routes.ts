import { isChannel } from '../../machines/concepts.ts';
import { isRecord } from '../../machines/record.ts';
import { userBody } from './answers.ts';
import { type Auth, type Body, type Handler, type RouteContext, required, text } from './context.ts';
import { ApiError, invalidArgument, unauthorized, userExists, userNotFound } from './errors.ts';
import { customClaimsOf, isAddress } from './otp-routes.ts';
import { fieldOf } from './store.ts';

const notATestUser = () =>
  new ApiError(400, 'E011003', 'Invalid argument', 'Codes can be generated for test users only');

/** Refuses a call unless the server has a management key and the call carries it. */
export const checkManagementKey = (ctx: RouteContext, auth: Auth): void => {
  if (ctx.managementKey === undefined) throw unauthorized('The Management API is not enabled');
  if (auth.jwt !== ctx.managementKey) throw unauthorized('Invalid management key');
};

const management =
  (handler: Handler): Handler =>
  (ctx, call) => {
    checkManagementKey(ctx, call.auth);
    return handler(ctx, call);
  };

const address = (body: Body, field: 'email' | 'phone'): string | undefined => {
  const value = body[field];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !isAddress(field, value)) throw invalidArgument(field);
  return value;
};

const list = (body: Body, key: string): unknown[] | undefined => {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidArgument(key);
  return value;
};

const roleNamesOf = (body: Body): string[] | undefined => {
  const names = list(body, 'roleNames');
  if (names?.some((name) => typeof name !== 'string')) throw invalidArgument('roleNames');
  return names as string[] | undefined;
};

const customAttributesOf = (body: Body): Record<string, unknown> | undefined => {
  const value = body.customAttributes;
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalidArgument('customAttributes');
  return value;
};

const createTestUser: Handler = (ctx, { body }) => {
  const loginId = required(body, 'loginId');
  const fields = {
    loginId,
    email: address(body, 'email'),
    phone: address(body, 'phone'),
    name: text(body, 'displayName') ?? text(body, 'name'),
    roleNames: roleNamesOf(body),
    userTenants: list(body, 'userTenants'),
    customAttributes: customAttributesOf(body),
    verifiedEmail: body.verifiedEmail === true,
    verifiedPhone: body.verifiedPhone === true,
    test: true,
  };
  if (ctx.store.findByLoginId(loginId)) throw userExists();
  return { status: 200, body: { user: userBody(ctx.store.createUser(fields)) } };
};

const generateOtp: Handler = (ctx: RouteContext, { body }) => {
  const loginId = required(body, 'loginId');
  const method = required(body, 'deliveryMethod');
  if (!isChannel(method)) throw invalidArgument('deliveryMethod');
  const user = ctx.store.findByLoginId(loginId);
  if (!user) throw userNotFound();
  if (!user.test) throw notATestUser();
  const destination = user[fieldOf(method)] ?? loginId;
  const customClaims = customClaimsOf(body);
  const record = ctx.store.issueCode(loginId, { method, destination, userId: user.userId, customClaims });
  return { status: 200, body: { loginId, code: record.code } };
};

const deleteAllTestUsers: Handler = (ctx) => {
  for (const userId of ctx.store.deleteTestUsers()) ctx.tokens.revokeUser(userId);
  return { status: 200, body: {} };
};

const license: Handler = () => ({ status: 200, body: { licenseType: 'free' } });

/** The Management API paths the server answers, each with its HTTP method and handler. */
export const managementRoutes = (): [string, 'GET' | 'POST' | 'DELETE', Handler][] => [
  ['/v1/mgmt/user/create/test', 'POST', management(createTestUser)],
  ['/v1/mgmt/tests/generate/otp', 'POST', management(generateOtp)],
  ['/v1/mgmt/user/test/delete/all', 'DELETE', management(deleteAllTestUsers)],
  ['/v1/mgmt/license', 'GET', management(license)],
];
