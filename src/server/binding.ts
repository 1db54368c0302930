import { isRecord } from '../../machines/record.ts';
import type { PersistedFlow } from '../index.ts';
import { sha256 } from './hash.ts';
import { base64url } from './ids.ts';
import { randomBytes } from './random.ts';

/** The shortest and longest flow binding a step accepts, in characters. */
const bindingLength = { min: 16, max: 512 };

/** A new flow-binding secret: 256 random bits from the platform's CSPRNG, base64url (43 characters). */
export const newBinding = (): string => base64url(randomBytes(32));

/** Whether a value has the shape of a secret `newBinding` makes (43 base64url characters). */
export const isNewBinding = (value: unknown): value is string =>
  typeof value === 'string' && /^[\w-]{43}$/.test(value);

/** Whether a value can be a flow binding: a string of 16 to 512 characters. */
const isBinding = (value: unknown): value is string =>
  typeof value === 'string' && value.length >= bindingLength.min && value.length <= bindingLength.max;

/** A step's or a stored flow's binding: none given, the SHA-256 (base64url) of one, or one that is not valid. */
export type BindingHash =
  | { readonly kind: 'none' }
  | { readonly kind: 'hashed'; readonly hash: string }
  | { readonly kind: 'invalid' };

const none: BindingHash = { kind: 'none' };
const invalid: BindingHash = { kind: 'invalid' };

/** The hash of the binding a step gives: what the flow's entry keeps. */
export async function hashBinding(binding: unknown): Promise<BindingHash> {
  if (binding === undefined) return none;
  return isBinding(binding) ? { kind: 'hashed', hash: await sha256(binding) } : invalid;
}

/** Compares two strings in a time that depends only on their lengths. */
export function isSameText(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  // Stryker disable next-line EqualityOperator,MethodExpression: past the shorter text both sides read 0, and texts of other lengths already differ
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    difference |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return difference === 0;
}

/** A stored flow with the hash of its binding beside it (none for an unbound flow). */
export type BoundFlow = PersistedFlow & { binding?: string };

export function withBindingHash(flow: PersistedFlow, binding: BindingHash): BoundFlow {
  const { hash } = binding as { hash?: string };
  return hash ? { ...flow, binding: hash } : flow;
}

/** The binding hash a stored flow keeps. */
export function bindingOf(stored: unknown): BindingHash {
  const kept = isRecord(stored) ? stored.binding : undefined;
  if (kept === undefined) return none;
  return typeof kept === 'string' ? { kind: 'hashed', hash: kept } : invalid;
}

/** Whether a step with `given` binding may take a stored flow. */
export function isBoundTo(stored: unknown, given: BindingHash): boolean {
  const kept = bindingOf(stored);
  if (kept.kind === 'none') return true;
  return kept.kind === 'hashed' && given.kind === 'hashed' && isSameText(kept.hash, given.hash);
}
