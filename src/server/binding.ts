import type { PersistedFlow } from '../index.ts';
import { sha256 } from './hash.ts';
import { randomBytes } from './random.ts';

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** The shortest and longest flow binding a step accepts, in characters. */
const bindingLength = { min: 16, max: 512 };

/** A new flow-binding secret: 256 random bits from the platform's CSPRNG, base64url (43 characters). */
export const newBinding = (): string => base64url(randomBytes(32));

/** Whether a value can be a flow binding: a string of 16 to 512 characters. */
export const isBinding = (value: unknown): value is string =>
  typeof value === 'string' && value.length >= bindingLength.min && value.length <= bindingLength.max;

/** The SHA-256 of a binding, base64url: what the flow's entry keeps. */
export const hashBinding = (binding: string): Promise<string> => sha256(binding);

/** Compares two strings in a time that depends only on their lengths. */
export function isSameText(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    difference |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return difference === 0;
}

/** A stored flow with the hash of its binding beside it (none for an unbound flow). */
export type BoundFlow = PersistedFlow & { binding?: string };

export const withBindingHash = (flow: PersistedFlow | null, hash: string | undefined): BoundFlow | null =>
  flow && hash ? { ...flow, binding: hash } : flow;

/** The binding hash a stored flow keeps: undefined for an unbound flow, null when it is unreadable. */
export function bindingOf(stored: unknown): string | undefined | null {
  const kept = typeof stored === 'object' && stored !== null ? (stored as BoundFlow).binding : undefined;
  return kept === undefined || typeof kept === 'string' ? kept : null;
}

/** Whether a step bound by `hash` (undefined: no binding given) may take a stored flow. */
export function isBoundTo(stored: unknown, hash: string | undefined): boolean {
  const kept = bindingOf(stored);
  if (kept === undefined) return true;
  return kept !== null && hash !== undefined && isSameText(kept, hash);
}
