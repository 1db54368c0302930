import { generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import type { JWK, JWTPayload } from 'jose';

export const ALG = 'RS256';

interface KeyPair {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwk: JWK;
}

const newKeyPair = (): KeyPair => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `K${randomUUID().replaceAll('-', '')}`;
  const { n, e } = publicKey.export({ format: 'jwk' });
  return { kid, privateKey, publicKey, jwk: { alg: ALG, e, kid, kty: 'RSA', n, use: 'sig' } };
};

/** The server's RSA signing keys: the newest signs, every one stays published. Made on first use. */
export class KeyRing {
  private readonly pairs: KeyPair[] = [];

  get current(): KeyPair {
    if (this.pairs.length === 0) this.pairs.push(newKeyPair());
    return this.pairs.at(-1)!;
  }

  rotate(): string {
    this.pairs.push(newKeyPair());
    return this.current.kid;
  }

  publicKey(kid: unknown): KeyObject | undefined {
    return this.pairs.find((pair) => pair.kid === kid)?.publicKey;
  }

  jwks(): { keys: JWK[] } {
    if (this.pairs.length === 0) this.rotate();
    return { keys: this.pairs.map((pair) => ({ ...pair.jwk })) };
  }
}

const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs `payload` as an RS256 JWS with `key`, off the main thread. */
export const signJwt = (payload: JWTPayload, kid: string, key: KeyObject): Promise<string> =>
  new Promise((resolve, reject) => {
    const input = `${encode({ alg: ALG, kid, typ: 'JWT' })}.${encode(payload)}`;
    sign('sha256', Buffer.from(input), key, (error, signature) => {
      if (error) reject(error);
      else resolve(`${input}.${signature.toString('base64url')}`);
    });
  });
