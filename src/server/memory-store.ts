import { memoryLimiter } from './limiters.ts';
import type { FlowStore } from './types.ts';

/** A little longer than the 3–5 minutes Descope recommends for a code's life. */
export const defaultTtlSeconds = 600;

/** Options of `memoryFlowStore`. */
export interface MemoryFlowStoreOptions {
  /** How long an entry lives after its last change, in seconds. @default 600 */
  ttlSeconds?: number;
}

interface Entry {
  text: string | undefined;
  version: number;
  token: string | undefined;
  leaseUntil: number;
  expiresAt: number;
}

/** The flow in an entry's JSON text; undefined when there is none or it is not JSON. */
export const readFlow = (text: string | undefined): unknown => {
  try {
    return text === undefined ? undefined : JSON.parse(text);
    // Stryker disable next-line BlockStatement: an empty catch returns undefined too
  } catch {
    return undefined;
  }
};

/** A `FlowStore` in this process's memory, with a timer that frees expired entries. */
export interface MemoryFlowStore extends FlowStore {
  /** How many entries the store holds, expired ones included until they are swept. */
  readonly size: number;
  /**
   * Stops the sweep timer for good (tests, shutdown). The store keeps working and then frees expired
   * entries only when it is used.
   */
  close(): void;
}

const sweepIntervalMs = 60_000;

/**
 * A `FlowStore` in this process's memory, for a single instance (the default store). Entries are kept
 * as JSON text, as an external store would keep them, and expire `ttlSeconds` after their last change.
 * Expired entries are freed within a minute, by a timer that runs only while the store holds entries and
 * never keeps the process alive (it is `unref`'d), and by any use of the store.
 */
export function memoryFlowStore({
  ttlSeconds = defaultTtlSeconds,
}: MemoryFlowStoreOptions = {}): MemoryFlowStore {
  const entries = new Map<string, Entry>();
  let nextSweep = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  function stopTimer() {
    clearInterval(timer);
    timer = undefined;
  }

  function sweep(now: number) {
    nextSweep = now + sweepIntervalMs;
    for (const [flowId, entry] of entries) if (entry.expiresAt <= now) entries.delete(flowId);
    if (entries.size === 0) stopTimer();
  }

  function live(flowId: string, now: number): Entry | undefined {
    if (now >= nextSweep) sweep(now);
    const entry = entries.get(flowId);
    if (entry && entry.expiresAt <= now) entries.delete(flowId);
    return entry && entry.expiresAt > now ? entry : undefined;
  }

  function keep(flowId: string, entry: Entry) {
    entries.set(flowId, entry);
    if (timer || closed) return;
    timer = setInterval(() => sweep(Date.now()), sweepIntervalMs);
    // Stryker disable next-line OptionalChaining: Node's timers always have unref; the optional call is for runtimes whose timers are numbers
    (timer as { unref?: () => void }).unref?.();
  }

  const isHeldBy = (entry: Entry | undefined, token: string, now: number): entry is Entry =>
    entry?.token === token && entry.leaseUntil > now;

  return {
    get size() {
      return entries.size;
    },
    close() {
      closed = true;
      stopTimer();
    },
    async create(flowId, token, leaseMs) {
      const now = Date.now();
      if (live(flowId, now)) return false;
      const expiresAt = now + Math.max(ttlSeconds * 1000, leaseMs);
      keep(flowId, { text: undefined, version: 0, token, leaseUntil: now + leaseMs, expiresAt });
      return true;
    },
    async acquire(flowId, token, leaseMs) {
      const now = Date.now();
      const entry = live(flowId, now);
      if (!entry) return { kind: 'missing' };
      if (entry.leaseUntil > now) return { kind: 'busy' };
      Object.assign(entry, { token, leaseUntil: now + leaseMs });
      entry.expiresAt = Math.max(entry.expiresAt, entry.leaseUntil);
      return { kind: 'leased', lease: { token, version: entry.version, flow: readFlow(entry.text) } };
    },
    async commit(flowId, lease, flow) {
      const now = Date.now();
      const entry = live(flowId, now);
      if (!isHeldBy(entry, lease.token, now) || entry.version !== lease.version) return false;
      if (flow === null) return entries.delete(flowId);
      const text = JSON.stringify(flow);
      const expiresAt = now + ttlSeconds * 1000;
      keep(flowId, { text, version: entry.version + 1, token: undefined, leaseUntil: 0, expiresAt });
      return true;
    },
    async release(flowId, token) {
      const now = Date.now();
      const entry = live(flowId, now);
      if (isHeldBy(entry, token, now)) Object.assign(entry, { token: undefined, leaseUntil: 0 });
    },
    limiter: memoryLimiter(),
  };
}
