const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** 24 random base64url characters: 144 random bits, from the platform's CSPRNG. */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  let id = '';
  for (const byte of bytes) id += alphabet[byte & 63];
  return id;
}

/** Bytes in base64url, without padding. */
export const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** The SHA-256 digest of a text's UTF-8 bytes. */
export const sha256 = async (text: string): Promise<Uint8Array> =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));

/** Whether a value has the shape of an ID `randomId` returns. */
export const isFlowId = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Za-z0-9_-]{24}$/.test(value);
