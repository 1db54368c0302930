import { createClient } from 'redis';
import { type FlowStore, memoryFlowStore, redisFlowStore } from '../../src/server/index.ts';

/** Redis when `REDIS_URL` is set (every instance shares it), else this process's memory. */
export async function storeFromEnv(
  redisUrl = process.env.REDIS_URL,
): Promise<{ store: FlowStore; close(): Promise<void> }> {
  if (!redisUrl) return { store: memoryFlowStore(), close: async () => {} };
  const redis = createClient({ url: redisUrl });
  redis.on('error', (error: Error) => console.error(`[redis] ${error.message}`));
  await redis.connect();
  return { store: redisFlowStore(redis), close: () => redis.close() };
}
