import { describe } from 'vitest';
import { redisServerPath } from './redis-process.ts';

export { connected, type RedisProcess, redisServerPath, startRedis } from './redis-process.ts';

/** Whether Redis suites must run: on CI (`process.env.CI` set) or whenever `redis-server` is installed. */
export const redisRequired = (): boolean => Boolean(process.env.CI) || redisServerPath !== undefined;

/** `describe` for Redis suites: skipped only when `redis-server` is missing and `process.env.CI` is unset. */
export function describeRedis(name: string, suite: () => void): void {
  describe.skipIf(!redisRequired())(name, suite);
}
