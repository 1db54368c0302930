import { isRecord } from '../../machines/record.ts';
import { SecretValue } from '../../machines/secret.ts';
import { maskLoginId } from './mask.ts';

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';

/** Options of `redact`. */
export interface RedactOptions {
  /**
   * Also mask login IDs, emails and phone numbers (`loginId`, `loginIds`, `email`, `phone`, `newAddress`,
   * `destination`): `al***@example.com`, `+*******0100`. `maskedDestination` is already masked and kept.
   * @default false
   */
  maskLoginIds?: boolean;
  /**
   * Objects nested deeper than this are replaced with `'[depth]'`.
   * @default 16
   */
  maxDepth?: number;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const secretKey = (key: string): boolean =>
  /^(?:otp[-_]?)?code$/i.test(key) ||
  /(?:jwt|token)$/i.test(key) ||
  /^(?:authorization|password|secret)$/i.test(key);

const loginKeys = new Set(['loginId', 'loginIds', 'email', 'phone', 'newAddress', 'destination']);

const jwtLike = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;

function hasJsonHeader(segment: string): boolean {
  try {
    const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
    const header: unknown = JSON.parse(atob(base64));
    return isRecord(header);
  } catch {
    return false;
  }
}

function scrubMatch(match: string): string {
  const header = match.slice(0, match.indexOf('.'));
  if (hasJsonHeader(header)) return REDACTED;
  const at = header.indexOf('eyJ');
  // Stryker disable next-line EqualityOperator: at 0 the slice is the header that already failed the check above
  return at > 0 && hasJsonHeader(header.slice(at)) ? `${match.slice(0, at)}${REDACTED}` : match;
}

const scrub = (text: string): string => text.replace(jwtLike, scrubMatch);

const isSecret = (value: Record<string, unknown>): boolean =>
  value instanceof SecretValue ||
  (value.constructor?.name === 'SecretValue' && typeof value.reveal === 'function');

const isActorRef = (value: Record<string, unknown>): boolean =>
  typeof value.sessionId === 'string' &&
  typeof value.send === 'function' &&
  typeof value.getSnapshot === 'function';

/** Whether `value` is an XState machine (not a running actor). */
export const isMachine = (value: unknown): boolean =>
  isRecord(value) && value.__xstatenode === true && isRecord(value.root);

const isStateNode = (value: Record<string, unknown>): boolean =>
  typeof value.id === 'string' && Array.isArray(value.path) && isRecord(value.machine) && 'parent' in value;

class Walker {
  readonly #ancestors = new Set<object>();
  readonly #converted = new WeakSet<object>();

  constructor(readonly options: RedactOptions) {}

  value(value: unknown, key: string, depth: number): Json | undefined {
    if (value === undefined) return undefined;
    if (value !== null && secretKey(key)) return REDACTED;
    if (this.options.maskLoginIds && loginKeys.has(key)) return this.masked(value, depth);
    switch (typeof value) {
      case 'string':
        return scrub(value);
      case 'number':
        return Number.isFinite(value) ? (value === 0 ? 0 : value) : null;
      case 'boolean':
        return value;
      case 'bigint':
        return value.toString();
      case 'object':
        return value === null ? null : this.object(value as Record<string, unknown>, key, depth);
      // Stryker disable next-line ConditionalExpression: without the default the switch falls through to the same undefined
      default:
        return undefined;
    }
  }

  masked(value: unknown, depth: number): Json | undefined {
    if (typeof value === 'string') return scrub(maskLoginId(value));
    if (Array.isArray(value))
      return value.map((item) => (typeof item === 'string' ? maskLoginId(item) : null));
    return this.value(value, '', depth);
  }

  object(value: Record<string, unknown>, key: string, depth: number): Json | undefined {
    if (isSecret(value)) return REDACTED;
    if (this.#ancestors.has(value)) return '[circular]';
    if (depth >= (this.options.maxDepth ?? 16)) return '[depth]';
    if (isActorRef(value)) return this.plain({ id: value.id, sessionId: value.sessionId }, depth);
    if (isMachine(value)) return { machine: scrub(String(value.id)) };
    if (isStateNode(value)) return `#${scrub(value.id as string)}`;
    this.#ancestors.add(value);
    try {
      return this.contents(value, key, depth);
    } finally {
      this.#ancestors.delete(value);
    }
  }

  contents(value: Record<string, unknown>, key: string, depth: number): Json | undefined {
    if (Array.isArray(value)) return this.list(value, depth);
    if (value instanceof Error) {
      const { stack: _stack, ...own } = value as Error & Record<string, unknown>;
      return this.plain(Object.assign({ name: value.name, message: value.message }, own), depth);
    }
    if (value instanceof Map) {
      const entries = [...value.entries()];
      const named = entries.every(([name]) => typeof name === 'string');
      return named ? this.plain(Object.fromEntries(entries), depth) : this.list(entries, depth);
    }
    if (value instanceof Set) return this.list([...value], depth);
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return '[binary]';
    const json =
      // Stryker disable next-line ConditionalExpression: calling a missing toJSON throws inside json(), which gives the value back
      typeof value.toJSON === 'function' && !this.#converted.has(value) ? this.json(value, key) : value;
    if (json === value) return this.plain(value, depth);
    if (isRecord(json)) this.#converted.add(json);
    return this.value(json, key, depth + 1);
  }

  json(value: Record<string, unknown>, key: string): unknown {
    try {
      return (value.toJSON as (key: string) => unknown)(key);
    } catch {
      return value;
    }
  }

  list(items: unknown[], depth: number): Json[] {
    const out: Json[] = [];
    for (const item of items) {
      if (typeof item === 'function' || typeof item === 'symbol') continue;
      out.push(this.value(item, '', depth + 1) ?? null);
    }
    return out;
  }

  plain(value: Record<string, unknown>, depth: number): { [key: string]: Json } {
    const out: { [key: string]: Json } = {};
    for (const name of Object.keys(value)) {
      const item = this.value(value[name], name, depth + 1);
      if (item === undefined) continue;
      if (name === '__proto__')
        Object.defineProperty(out, name, { value: item, enumerable: true, writable: true });
      else out[name] = item;
    }
    return out;
  }
}

/**
 * A deep, cycle-safe, JSON-safe copy of `value` that is safe to log or show: OTP codes (`code`, `otpCode`,
 * `otp_code`, in any case), tokens (keys ending in `Jwt` or `Token`, `SecretValue`s) and every JWT-shaped
 * string become `'[redacted]'`.
 * State values, event types, channels, generations, failure kinds and error codes are kept.
 * Actor refs become `{ id, sessionId }`, state nodes `'#<id>'`, machines `{ machine: <id> }`, errors
 * `{ name, message, ... }`; functions are dropped.
 *
 * The result keeps the input's static type for convenience (so it fits `serialize` of
 * `@statelyai/inspect`), but it is plain JSON.
 * @example createActor(otpMachine, { input, inspect: (event) => console.log(redact(event)) })
 */
export function redact<T>(value: T, options: RedactOptions = {}): T {
  return (new Walker(options).value(value, '', 0) ?? null) as T;
}
