import { RateLimiterMemory, RateLimiterRedis, RLWrapperTimeouts } from 'rate-limiter-flexible';
import type { LimitCounter, LimitCounterOptions } from './limits.ts';
import type { RedisClientLike } from './redis-store.ts';

/** Counters in this process's memory, for `memoryFlowStore`: the same limit gets the same counter. */
export function memoryLimiter(): (options: LimitCounterOptions) => LimitCounter {
  const counters = new Map<string, LimitCounter>();
  return ({ name, points, duration }) => {
    const id = `${name}:${points}:${duration}`;
    const counter = counters.get(id) ?? new RateLimiterMemory({ keyPrefix: name, points, duration });
    counters.set(id, counter);
    return counter;
  };
}

/**
 * Counters in Redis beside the flows, for `redisFlowStore`: one key per limit and counted value
 * (`<prefix>limit:<name>:<hash>`), each with the window as its TTL. Works over a cluster client too
 * (one key per command). Refuses at once while the client is not ready, and after `timeoutMs`.
 */
export const redisLimiter =
  (client: RedisClientLike, prefix: string, timeoutMs: number) =>
  ({ name, points, duration }: LimitCounterOptions): LimitCounter =>
    new RLWrapperTimeouts({
      timeoutMs,
      limiter: new RateLimiterRedis({
        // Stryker disable next-line ObjectLiteral: node-redis's timer per command costs CPU, and only drops a command still queued after 5 s while Redis is away; RLWrapperTimeouts bounds the wait either way
        storeClient: client.withCommandOptions({ timeout: 0 }),
        useRedisPackage: true,
        rejectIfRedisNotReady: true,
        keyPrefix: `${prefix}limit:${name}`,
        points,
        duration,
      }),
    });
