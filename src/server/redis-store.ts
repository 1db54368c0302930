import { redisLimiter } from './limiters.ts';
import { defaultTtlSeconds, readFlow } from './memory-store.ts';
import { acquireScript, commitScript, createScript, releaseScript } from './redis-scripts.ts';
import type { FlowLease, FlowStore } from './types.ts';

interface ScriptOptions {
  keys: string[];
  arguments: string[];
}

/** The node-redis client methods `redisFlowStore` uses: a `createClient()` client of `redis` v5 or newer fits. */
export interface RedisClientLike {
  /** False while the client is not connected: the store then answers at once that it is unavailable. */
  readonly isReady?: boolean;
  eval(script: string, options: ScriptOptions): Promise<unknown>;
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

/**
 * A `FlowStore` on Redis, shared by every instance, through a connected node-redis client (`redis` v5 or
 * newer). Each operation is one Lua script (sent with `EVAL`, so a Redis restart needs no reloading and the
 * commands of a connection keep their order), so leases and compare-and-set commits are atomic, timed by
 * Redis's own clock. Each flow is one hash (`<prefix>{<flowId>}`) with a TTL; it holds no code, no token.
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

  async function run(script: string, flowId: string, args: (string | number)[]): Promise<unknown> {
    if (client.isReady === false) throw new StoreUnavailableError('Redis is not connected');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StoreUnavailableError('Redis did not answer in time')), timeoutMs);
    });
    const options = { keys: [keyOf(flowId)], arguments: args.map(String) };
    try {
      return await Promise.race([client.eval(script, options), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async create(flowId, token, leaseMs) {
      return (await run(createScript, flowId, [token, leaseMs, ttlSeconds])) === 1;
    },
    async acquire(flowId, token, leaseMs) {
      const reply = (await run(acquireScript, flowId, [token, leaseMs])) as unknown[];
      const [answer, version, text] = reply.map((value) => String(value));
      if (answer !== 'leased') return answer === 'busy' ? 'busy' : 'missing';
      return { token, version: Number(version), flow: readFlow(text) } satisfies FlowLease;
    },
    async commit(flowId, lease, flow) {
      const text = flow === null ? '' : JSON.stringify(flow);
      return (await run(commitScript, flowId, [lease.token, lease.version, text, ttlSeconds])) === 1;
    },
    async release(flowId, token) {
      await run(releaseScript, flowId, [token]);
    },
    limiter: redisLimiter(client, prefix, timeoutMs),
  };
}
