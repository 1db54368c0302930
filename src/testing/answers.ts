import type { StoredUser } from './store.ts';
import type { IssuedTokens } from './tokens.ts';

/** A user as Descope's auth and management answers describe one. */
export const userBody = (user: StoredUser) => ({
  userId: user.userId,
  loginIds: [...user.loginIds],
  email: user.email ?? '',
  phone: user.phone ?? '',
  name: user.name ?? '',
  verifiedEmail: user.verifiedEmail,
  verifiedPhone: user.verifiedPhone,
  roleNames: [...user.roleNames],
  userTenants: structuredClone(user.userTenants),
  customAttributes: structuredClone(user.customAttributes),
  status: 'enabled',
  test: user.test,
  createdTime: user.createdTime,
});

export interface JwtAnswer {
  tokens: Omit<IssuedTokens, 'refreshJwt'> & { refreshJwt?: string };
  /** Seconds the refresh JWT has left. */
  cookieMaxAge: number;
  user: StoredUser;
  firstSeen: boolean;
}

/** Descope's JWT response: the tokens, their cookie settings and the user. */
export const jwtBody = ({ tokens, cookieMaxAge, user, firstSeen }: JwtAnswer) => ({
  sessionJwt: tokens.sessionJwt,
  ...(tokens.refreshJwt === undefined ? {} : { refreshJwt: tokens.refreshJwt }),
  sessionExpiration: tokens.sessionExpiration,
  cookieDomain: '',
  cookiePath: '/',
  cookieMaxAge,
  cookieExpiration: tokens.refreshExpiration,
  cookieName: 'DS',
  user: userBody(user),
  firstSeen,
  claims: tokens.claims,
});
