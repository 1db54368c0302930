import { jwtBody, userBody } from './answers.ts';
import type { ApiResponse, Auth, Handler, RouteContext } from './context.ts';
import { ApiError, unauthorized } from './errors.ts';
import type { StoredUser } from './store.ts';
import type { RefreshSession } from './tokens.ts';

const revokedByLogout = () =>
  new ApiError(401, 'E064001', 'Token expired by logout', 'The refresh JWT was revoked by a logout');

/** Signs `user` in: issues a session and a refresh JWT and answers Descope's JWT response. */
export const startSession = async (
  ctx: RouteContext,
  user: StoredUser,
  amr: string[],
  customClaims?: Record<string, unknown>,
) => {
  const firstSeen = !user.seen;
  user.seen = true;
  const tokens = await ctx.tokens.issue({ userId: user.userId, amr, customClaims, test: user.test });
  return jwtBody({ tokens, cookieMaxAge: ctx.refreshTtlSeconds, user, firstSeen });
};

const liveSession = async (
  ctx: RouteContext,
  auth: Auth,
): Promise<{ session: RefreshSession; user: StoredUser }> => {
  if (auth.jwt === undefined) throw unauthorized('A refresh JWT is required');
  const check = await ctx.tokens.checkRefresh(auth.jwt);
  if (!check.ok)
    throw check.revoked ? revokedByLogout() : unauthorized('The refresh JWT is invalid or expired');
  const user = ctx.store.users.get(check.session.grant.userId);
  if (!user) throw unauthorized('The user of this refresh JWT no longer exists');
  return { session: check.session, user };
};

const refreshed = async (ctx: RouteContext, auth: Auth): Promise<ApiResponse> => {
  const { session, user } = await liveSession(ctx, auth);
  const issued = await ctx.tokens.session(session.grant);
  const tokens = {
    sessionJwt: issued.jwt,
    refreshJwt: session.jwt,
    sessionExpiration: issued.expiration,
    refreshExpiration: session.expiration,
    claims: issued.claims,
  };
  const cookieMaxAge = Math.max(0, session.expiration - Math.floor(ctx.now() / 1000));
  return { status: 200, body: jwtBody({ tokens, cookieMaxAge, user, firstSeen: false }) };
};

const signedOut = {
  sessionJwt: '',
  refreshJwt: '',
  cookieDomain: '',
  cookiePath: '/',
  cookieMaxAge: 0,
  cookieExpiration: 0,
  cookieName: 'DS',
};

const refresh: Handler = (ctx, { auth }) => refreshed(ctx, auth);

const tryRefresh: Handler = async (ctx, { auth }) => {
  try {
    return await refreshed(ctx, auth);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return { status: 200, body: {} };
    throw error;
  }
};

const logout: Handler = async (ctx, { auth }) => {
  const { session } = await liveSession(ctx, auth);
  ctx.tokens.revoke(session.jti);
  return { status: 200, body: signedOut };
};

const logoutAll: Handler = async (ctx, { auth }) => {
  const { user } = await liveSession(ctx, auth);
  ctx.tokens.revokeUser(user.userId);
  return { status: 200, body: signedOut };
};

const me: Handler = async (ctx, { auth }) => {
  const { user } = await liveSession(ctx, auth);
  return { status: 200, body: userBody(user) };
};

/** The session paths, each with its HTTP method and handler. */
export const sessionRoutes = (): [string, 'GET' | 'POST', Handler][] => [
  ['/v1/auth/refresh', 'POST', refresh],
  ['/v1/auth/try-refresh', 'POST', tryRefresh],
  ['/v1/auth/logout', 'POST', logout],
  ['/v1/auth/logoutall', 'POST', logoutAll],
  ['/v1/auth/me', 'GET', me],
];
