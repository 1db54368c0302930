import { randomUUID } from 'node:crypto';
import {
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';

const ALG = 'ES256';

export interface IssuedTokens {
  sessionJwt: string;
  refreshJwt: string;
  sessionExpiration: number;
  refreshExpiration: number;
  claims: JWTPayload;
}

export interface TokenOptions {
  projectId: string;
  now: () => number;
  sessionTtlSeconds: number;
  refreshTtlSeconds: number;
}

export interface Tokens {
  publicKey: CryptoKey;
  jwk: JWK;
  issue(userId: string, customClaims?: Record<string, unknown>): Promise<IssuedTokens>;
  refreshSubject(jwt: string): Promise<string | undefined>;
}

export const createTokens = async (options: TokenOptions): Promise<Tokens> => {
  const { privateKey, publicKey } = await generateKeyPair(ALG);
  const kid = `TS${randomUUID().replaceAll('-', '')}`;
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' };

  const sign = (claims: JWTPayload, userId: string, iat: number, exp: number) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: ALG, kid, typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(options.projectId)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(privateKey);

  return {
    publicKey,
    jwk,
    async issue(userId, customClaims = {}) {
      const iat = Math.floor(options.now() / 1000);
      const sessionExpiration = iat + options.sessionTtlSeconds;
      const refreshExpiration = iat + options.refreshTtlSeconds;
      const sessionClaims: JWTPayload = { ...customClaims, drn: 'DS', amr: ['otp'] };
      const [sessionJwt, refreshJwt] = await Promise.all([
        sign(sessionClaims, userId, iat, sessionExpiration),
        sign({ drn: 'DSR', jti: randomUUID() }, userId, iat, refreshExpiration),
      ]);
      const claims: JWTPayload = {
        ...sessionClaims,
        sub: userId,
        iss: options.projectId,
        iat,
        exp: sessionExpiration,
      };
      return { sessionJwt, refreshJwt, sessionExpiration, refreshExpiration, claims };
    },
    async refreshSubject(jwt) {
      try {
        const { payload } = await jwtVerify(jwt, publicKey, {
          algorithms: [ALG],
          issuer: options.projectId,
          currentDate: new Date(options.now()),
        });
        return payload.drn === 'DSR' ? payload.sub : undefined;
      } catch {
        return undefined;
      }
    },
  };
};
