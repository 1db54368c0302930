import { createClient } from 'redis';
import { inspectToLocal } from '../../src/inspector/index.ts';
import { createOtpFlows, redisFlowStore } from '../../src/server/index.ts';

const { REDIS_URL, DESCOPE_URL, DESCOPE_PROJECT_ID, INSPECT_URL, INSTANCE } = process.env;

const redis = createClient({ url: REDIS_URL });
redis.on('error', () => {});
await redis.connect();

const flows = createOtpFlows({
  input: {
    projectId: DESCOPE_PROJECT_ID ?? '',
    baseUrl: DESCOPE_URL,
    operation: 'signIn',
    channel: 'sms',
    resendCooldownMs: 0,
  },
  store: redisFlowStore(redis),
  inspect: inspectToLocal(INSPECT_URL ?? ''),
  ...(INSTANCE ? { instance: INSTANCE } : {}),
});

type Call = { id: number; step: 'start' | 'resend' | 'submitCode'; args: unknown[] };

process.on('message', async ({ id, step, args }: Call) => {
  const run = flows[step] as (...values: unknown[]) => Promise<unknown>;
  process.send?.({ id, result: await run(...args) });
});
process.once('disconnect', () => {
  void redis.close().finally(() => process.exit(0));
});
process.send?.({ id: 0, result: 'ready' });
