import { randomUUID } from 'node:crypto';
import { type JWTPayload, jwtVerify } from 'jose';
import { ALG, KeyRing, signJwt } from './keys.ts';

/** What a session proves: how the user signed in, their custom claims, whether they are a test user. */
export interface SessionGrant {
  userId: string;
  amr: string[];
  customClaims?: Record<string, unknown>;
  test: boolean;
}

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

export interface RefreshSession {
  jwt: string;
  jti: string;
  grant: SessionGrant;
  expiration: number;
}

export type RefreshCheck = { ok: true; session: RefreshSession } | { ok: false; revoked: boolean };

const RESERVED = ['sub', 'iss', 'iat', 'exp', 'nbf', 'jti', 'drn', 'amr', 'tu', 'rexp'];

const customClaimsOf = (claims: Record<string, unknown> = {}): JWTPayload =>
  Object.fromEntries(Object.entries(claims).filter(([name]) => !RESERVED.includes(name)));

export class Tokens {
  readonly keys = new KeyRing();
  private readonly refreshGrants = new Map<string, SessionGrant>();

  constructor(private readonly options: TokenOptions) {}

  private seconds(): number {
    return Math.floor(this.options.now() / 1000);
  }

  private sign(claims: JWTPayload, userId: string, iat: number, exp: number): Promise<string> {
    const { kid, privateKey } = this.keys.current;
    const payload = { ...claims, sub: userId, iss: this.options.projectId, iat, exp };
    return signJwt(payload, kid, privateKey);
  }

  async session(grant: SessionGrant): Promise<{ jwt: string; expiration: number; claims: JWTPayload }> {
    const iat = this.seconds();
    const expiration = iat + this.options.sessionTtlSeconds;
    const claims: JWTPayload = {
      ...customClaimsOf(grant.customClaims),
      drn: 'DS',
      jti: randomUUID(),
      amr: [...grant.amr],
      ...(grant.test ? { tu: true } : {}),
    };
    const jwt = await this.sign(claims, grant.userId, iat, expiration);
    return {
      jwt,
      expiration,
      claims: { ...claims, sub: grant.userId, iss: this.options.projectId, iat, exp: expiration },
    };
  }

  async issue(grant: SessionGrant): Promise<IssuedTokens> {
    const iat = this.seconds();
    const refreshExpiration = iat + this.options.refreshTtlSeconds;
    const jti = randomUUID();
    const refreshClaims: JWTPayload = {
      drn: 'DSR',
      jti,
      amr: [...grant.amr],
      rexp: new Date(refreshExpiration * 1000).toISOString(),
      ...(grant.test ? { tu: true } : {}),
    };
    const [session, refreshJwt] = await Promise.all([
      this.session(grant),
      this.sign(refreshClaims, grant.userId, iat, refreshExpiration),
    ]);
    this.refreshGrants.set(jti, { ...grant, amr: [...grant.amr] });
    return {
      sessionJwt: session.jwt,
      refreshJwt,
      sessionExpiration: session.expiration,
      refreshExpiration,
      claims: session.claims,
    };
  }

  private async verify(jwt: string, drn: 'DS' | 'DSR'): Promise<JWTPayload | undefined> {
    try {
      const { payload } = await jwtVerify(
        jwt,
        (header) => {
          const key = this.keys.publicKey(header.kid);
          if (!key) throw new Error('unknown key');
          return key;
        },
        { algorithms: [ALG], issuer: this.options.projectId, currentDate: new Date(this.options.now()) },
      );
      return payload.drn === drn ? payload : undefined;
    } catch {
      return undefined;
    }
  }

  /** Whether a refresh JWT stands for a live session, and if not, whether it was revoked. */
  async checkRefresh(jwt: string): Promise<RefreshCheck> {
    const payload = await this.verify(jwt, 'DSR');
    const jti = payload?.jti;
    if (typeof jti !== 'string' || typeof payload?.sub !== 'string') return { ok: false, revoked: false };
    const grant = this.refreshGrants.get(jti);
    if (!grant || grant.userId !== payload.sub) return { ok: false, revoked: !grant };
    return { ok: true, session: { jwt, jti, grant, expiration: payload.exp ?? 0 } };
  }

  async refreshSubject(jwt: string): Promise<string | undefined> {
    const check = await this.checkRefresh(jwt);
    return check.ok ? check.session.grant.userId : undefined;
  }

  revoke(jti: string): void {
    this.refreshGrants.delete(jti);
  }

  revokeUser(userId: string): void {
    for (const [jti, grant] of this.refreshGrants) {
      if (grant.userId === userId) this.refreshGrants.delete(jti);
    }
  }
}
