import { redisLimiter } from './limiters.ts';
import { defaultTtlSeconds, readFlow } from './memory-store.ts';
import { acquireScript, commitScript, createScript, releaseScript } from './redis-scripts.ts';
import type { FlowStore } from './types.ts';

interface ScriptOptions {
  keys: string[];
  arguments: string[];
}

/** The per-command options of node-redis that `redisFlowStore` sets. */
export interface RedisCommandOptions {
  /** Withdraws the command while it still waits in the client's queue (node-redis then never sends it). */
  abortSignal?: AbortSignal;
  /**
   * How long the command may wait in the client's queue before node-redis drops it, in milliseconds; `0` for no
   * limit. The store's own timer bounds its commands, so it sets `0` on them: node-redis's default timer per
   * command costs more CPU than the command itself.
   */
  timeout?: number;
}

/** The node-redis client methods `redisFlowStore` uses: a `createClient()` client of `redis` v5 or newer fits. */
export interface RedisClientLike {
  /** False while the client is not connected: the store then answers at once that it is unavailable. */
  readonly isReady?: boolean;
  eval(script: string, options: ScriptOptions): Promise<unknown>;
  /** The same client with these options on every command sent through it. */
  withCommandOptions(options: RedisCommandOptions): Pick<RedisClientLike, 'eval' | 'isReady'>;
}

/** Options of `redisFlowStore`. */
export interface RedisFlowStoreOptions {
  /** Prefix of every key; the flow ID follows it in braces, a Redis Cluster hash tag. @default 'otp-flow:' */
  prefix?: string;
  /** How long an entry lives after its last change, in seconds. @default 600 */
  ttlSeconds?: number;
  /** How long a store operation may take before the step answers `storeUnavailable`. @default 2000 */
  timeoutMs?: number;
}

class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

type Undo = () => Promise<unknown>;

/**
 * A `FlowStore` on Redis, shared by every instance, through a connected node-redis client (`redis` v5 or
 * newer). Each operation is one Lua script (sent with `EVAL`, so a Redis restart needs no reloading and the
 * commands of a connection keep their order), so leases and compare-and-set commits are atomic, timed by
 * Redis's own clock. Each flow is one hash (`<prefix>{<flowId>}`) with a TTL; it holds no code, no token.
 *
 * An operation that Redis does not answer within `timeoutMs` is given up: its command is withdrawn from
 * the client's queue if it has not been sent yet, and otherwise undone as soon as it is answered (a late
 * `acquire` or `commit` has its lease released, a late `create` has its empty entry deleted). The undo
 * waits in the client's queue until Redis is back, and the store's next operations wait for it.
 *
 * @example
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect();
 * const flows = createOtpFlows({ input, store: redisFlowStore(redis) });
 */
export function redisFlowStore(
  client: RedisClientLike,
  { prefix = 'otp-flow:', ttlSeconds = defaultTtlSeconds, timeoutMs = 2_000 }: RedisFlowStoreOptions = {},
): FlowStore {
  const keyOf = (flowId: string) => `${prefix}{${flowId}}`;
  const undoing = new Set<Promise<unknown>>();
  let undoWindowMs = ttlSeconds * 1000;

  const send = (script: string, flowId: string, args: (string | number)[], options: RedisCommandOptions) =>
    client
      .withCommandOptions({ timeout: 0, ...options })
      .eval(script, { keys: [keyOf(flowId)], arguments: args.map(String) });

  function undoAfter(sent: Promise<unknown>, undo: Undo) {
    const undone = sent
      .catch(() => {})
      .then(undo)
      .catch(() => {})
      // Stryker disable next-line ArrowFunction: an undo left in the set is settled, so waiting on it is immediate
      .finally(() => undoing.delete(undone));
    undoing.add(undone);
  }

  async function run(script: string, flowId: string, args: (string | number)[], undo: Undo) {
    if (client.isReady === false) throw new StoreUnavailableError('Redis is not connected');
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StoreUnavailableError('Redis did not answer in time')), timeoutMs);
    });
    let sent: Promise<unknown> | undefined;
    try {
      if (undoing.size > 0) await Promise.race([Promise.allSettled([...undoing]), timeout]);
      sent = send(script, flowId, args, { abortSignal: controller.signal });
      return await Promise.race([sent, timeout]);
    } catch (error) {
      controller.abort();
      if (sent) undoAfter(sent, undo);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  const release = (flowId: string, token: string) => () =>
    send(releaseScript, flowId, [token], { timeout: undoWindowMs });

  const deleteEmpty = (flowId: string, token: string) => () =>
    send(commitScript, flowId, [token, 0, '', ttlSeconds], { timeout: undoWindowMs });

  const widenUndoWindow = (leaseMs: number) => {
    undoWindowMs = Math.max(undoWindowMs, leaseMs);
  };

  return {
    async create(flowId, token, leaseMs) {
      widenUndoWindow(leaseMs);
      const reply = await run(createScript, flowId, [token, leaseMs, ttlSeconds], deleteEmpty(flowId, token));
      return reply === 1;
    },
    async acquire(flowId, token, leaseMs) {
      widenUndoWindow(leaseMs);
      const reply = (await run(acquireScript, flowId, [token, leaseMs], release(flowId, token))) as unknown[];
      const [answer, version, text] = reply.map((value) => String(value));
      if (answer !== 'leased') return { kind: answer === 'busy' ? 'busy' : 'missing' };
      return { kind: 'leased', lease: { token, version: Number(version), flow: readFlow(text) } };
    },
    async commit(flowId, lease, flow) {
      const text = flow === null ? '' : JSON.stringify(flow);
      const args = [lease.token, lease.version, text, ttlSeconds];
      return (await run(commitScript, flowId, args, release(flowId, lease.token))) === 1;
    },
    async release(flowId, token) {
      await run(releaseScript, flowId, [token], async () => {});
    },
    limiter: redisLimiter(client, prefix, timeoutMs),
  };
}
