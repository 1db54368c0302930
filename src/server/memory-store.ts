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
  } catch {
    return undefined;
  }
};

/**
 * A `FlowStore` in this process's memory, for a single instance (the default store). Entries are kept
 * as JSON text, as an external store would keep them, and expire `ttlSeconds` after their last change.
 */
export function memoryFlowStore({ ttlSeconds = defaultTtlSeconds }: MemoryFlowStoreOptions = {}): FlowStore {
  const entries = new Map<string, Entry>();
  let nextSweep = 0;

  function live(flowId: string, now: number): Entry | undefined {
    const entry = entries.get(flowId);
    if (entry && entry.expiresAt <= now) entries.delete(flowId);
    return entry && entry.expiresAt > now ? entry : undefined;
  }

  function sweep(now: number) {
    if (now < nextSweep) return;
    nextSweep = now + 60_000;
    for (const [flowId, entry] of entries) if (entry.expiresAt <= now) entries.delete(flowId);
  }

  const isHeldBy = (entry: Entry | undefined, token: string, now: number): entry is Entry =>
    entry?.token === token && entry.leaseUntil > now;

  return {
    async create(flowId, token, leaseMs) {
      const now = Date.now();
      sweep(now);
      if (live(flowId, now)) return false;
      const expiresAt = now + Math.max(ttlSeconds * 1000, leaseMs);
      entries.set(flowId, { text: undefined, version: 0, token, leaseUntil: now + leaseMs, expiresAt });
      return true;
    },
    async acquire(flowId, token, leaseMs) {
      const now = Date.now();
      const entry = live(flowId, now);
      if (!entry) return 'missing';
      if (entry.leaseUntil > now) return 'busy';
      Object.assign(entry, { token, leaseUntil: now + leaseMs });
      entry.expiresAt = Math.max(entry.expiresAt, entry.leaseUntil);
      return { token, version: entry.version, flow: readFlow(entry.text) };
    },
    async commit(flowId, lease, flow) {
      const now = Date.now();
      const entry = live(flowId, now);
      if (!isHeldBy(entry, lease.token, now) || entry.version !== lease.version) return false;
      if (flow === null) return entries.delete(flowId);
      const text = JSON.stringify(flow);
      const expiresAt = now + ttlSeconds * 1000;
      entries.set(flowId, { text, version: entry.version + 1, token: undefined, leaseUntil: 0, expiresAt });
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
