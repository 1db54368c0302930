import type { RateLimiterRes } from 'rate-limiter-flexible';
import { includes } from '../../machines/concepts.ts';
import { limitsTimeoutMs, within } from './deadline.ts';
import { sha256 } from './hash.ts';
import type { RateLimitedFailure, ServerFailure } from './kinds.ts';

/** A limit: at most `max` in each window of `windowSeconds` (fixed windows, the first use opens one). */
export interface LimitRule {
  /** How many are allowed in one window. */
  max: number;
  /** The window's length, in seconds. */
  windowSeconds: number;
}

/** The limits of `createOtpFlows`, each a `LimitRule` or `false` (off). Checked before any request to Descope. */
export interface OtpLimits {
  /**
   * Codes sent to one destination (the normalized login ID, or the new email or phone of an update), across every flow.
   * @default { max: 5, windowSeconds: 3600 }
   */
  perDestination?: LimitRule | false;
  /**
   * Codes sent for one client IP (the steps' `clientIp`); does not apply to a step without one.
   * @default { max: 30, windowSeconds: 600 }
   */
  perClientIp?: LimitRule | false;
  /**
   * Codes sent by the whole app.
   * @default false
   */
  global?: LimitRule | false;
  /**
   * Wrong codes submitted for one destination across all its flows; a new code does not reset it.
   * @default { max: 10, windowSeconds: 3600 }
   */
  failedVerifiesPerDestination?: LimitRule | false;
}

/** The names of the limits, as `OtpLimits` spells them (and `error.limit` says). */
export const limitNames = [
  'perClientIp',
  'global',
  'perDestination',
  'failedVerifiesPerDestination',
] as const;

/** The name of a limit. */
export type LimitName = (typeof limitNames)[number];

/** Whether a value is one of `limitNames`. */
export const isLimitName = includes(limitNames);

/** What a store's `limiter` factory is asked for: one limit's counter. */
export interface LimitCounterOptions {
  /** The limit's name: part of the counters' keys. */
  name: LimitName;
  /** How many points a key may consume in one window. */
  points: number;
  /** The window's length, in seconds. */
  duration: number;
}

/**
 * A fixed-window counter, as every rate-limiter-flexible limiter is: `consume` resolves while the key is within
 * its points, rejects with a `RateLimiterRes` once it is over, and rejects with an `Error` when its backend fails.
 */
export interface LimitCounter {
  consume(key: string, points?: number): Promise<unknown>;
  reward(key: string, points?: number): Promise<unknown>;
}

const defaults: Record<LimitName, LimitRule | false> = {
  perClientIp: { max: 30, windowSeconds: 600 },
  global: false,
  perDestination: { max: 5, windowSeconds: 3600 },
  failedVerifiesPerDestination: { max: 10, windowSeconds: 3600 },
};

/** A consumed point of each limit that took one, to give back when nothing was sent or verified. */
export interface Charge {
  refund(): Promise<void>;
}

type Refusal = RateLimitedFailure | ServerFailure;

/** What a limit check resolves to: the points it took (`charged`) or why it refused (`refused`). */
export type ChargeResult =
  | { readonly kind: 'charged'; readonly charge: Charge }
  | { readonly kind: 'refused'; readonly refusal: Refusal };

const refused = (refusal: Refusal): ChargeResult => ({ kind: 'refused', refusal });
type Counted = { name: LimitName; key: string | undefined };

const isRule = (rule: unknown): rule is LimitRule => {
  const { max, windowSeconds } = (rule ?? {}) as Partial<LimitRule>;
  return (
    Number.isSafeInteger(max) &&
    (max as number) >= 1 &&
    Number.isSafeInteger(windowSeconds) &&
    (windowSeconds as number) > 0
  );
};

/**
 * The address a per-IP limit counts: an IPv4 address as is (also when IPv4-mapped, `::ffff:a.b.c.d`), an IPv6
 * address by its /64 network, the block one subscriber usually holds whole.
 */
export function clientKey(ip: string): string {
  const text = ip.trim().toLowerCase().replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (mapped?.[1]) return mapped[1];
  if (!text.includes(':')) return text;
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array(Math.max(0, 8 - left.length - right.length)).fill('0');
  const groups = [...left, ...zeros, ...right].slice(0, 4).map((group) => group.replace(/^0+(?=.)/, ''));
  return `${groups.join(':')}::/64`;
}

const timed = (call: () => Promise<unknown>) => within(Promise.resolve().then(call), limitsTimeoutMs);

const isOverLimit = (reason: unknown): reason is RateLimiterRes =>
  !(reason instanceof Error) && typeof (reason as RateLimiterRes | undefined)?.msBeforeNext === 'number';

const keyOf = async (value: string): Promise<string> => (await sha256(value)).slice(0, 24);

/** The send and verify limits over the counters `limiter` makes. Refuses with a typed failure, never throws. */
export function createLimits(
  options: OtpLimits | false | undefined,
  limiter: (options: LimitCounterOptions) => LimitCounter,
) {
  const counters = new Map<LimitName, LimitCounter>();
  for (const name of limitNames) {
    const rule = options === false ? false : options?.[name] === undefined ? defaults[name] : options[name];
    if (rule === false) continue;
    if (!isRule(rule))
      throw new TypeError(`limits.${name} must be { max, windowSeconds } with whole numbers, or false`);
    counters.set(name, limiter({ name, points: rule.max, duration: rule.windowSeconds }));
  }

  async function charge(entries: Counted[]): Promise<ChargeResult> {
    const counted: { counter: LimitCounter; key: string; name: LimitName }[] = [];
    for (const { name, key } of entries) {
      const counter = counters.get(name);
      if (counter && key !== undefined) counted.push({ counter, key: await keyOf(key), name });
    }
    const results = await Promise.allSettled(
      counted.map(({ counter, key }) => timed(() => counter.consume(key))),
    );
    // Stryker disable next-line OptionalChaining: there is one result for each counted limit
    const taken = counted.filter((_, index) => results[index]?.status === 'fulfilled');
    const refund = async () => {
      await Promise.allSettled(taken.map(({ counter, key }) => timed(() => counter.reward(key))));
    };
    const rejected = results.flatMap((result, index) =>
      result.status === 'rejected' ? [{ index, reason: result.reason as unknown }] : [],
    );
    if (rejected.length === 0) return { kind: 'charged', charge: { refund } };
    void refund();
    const reached = rejected.map(({ reason }) => reason).filter(isOverLimit);
    if (reached.length < rejected.length) return refused({ kind: 'storeUnavailable' });
    const limit = counted[rejected[0]?.index ?? 0]?.name as LimitName;
    const retryAfterMs = Math.max(0, ...reached.map((reason) => reason.msBeforeNext));
    return refused({ kind: 'rateLimited', retryAfterMs, limit });
  }

  return {
    /** Whether any limit is on. */
    isOn: counters.size > 0,
    /** Takes a point of every send limit before a send, or refuses. */
    send: (destination: string, clientIp: string | undefined) =>
      charge([
        { name: 'perClientIp', key: clientIp === undefined ? undefined : clientKey(clientIp) },
        { name: 'global', key: 'all' },
        { name: 'perDestination', key: destination },
      ]),
    /** Takes a point of the wrong-code limit before a verify (refunded unless the code was wrong), or refuses. */
    verify: (destination: string) => charge([{ name: 'failedVerifiesPerDestination', key: destination }]),
  };
}
