import type { IncomingMessage, ServerResponse } from 'node:http';
import { createClient } from 'redis';
import {
  createOtpFlows,
  createOtpHandler,
  memoryFlowStore,
  type OtpFlowsOptions,
  type OtpHandlerOptions,
  redisFlowStore,
  toNodeListener,
} from '../src/server/index.ts';
import { type BackendConfig, type BackendFeatures, generousLimits } from './server-config.ts';

/** The library's backend: `createOtpHandler(createOtpFlows(...))` behind `toNodeListener`. */
export interface LibraryBackend {
  listener(req: IncomingMessage, res: ServerResponse): void;
  features: BackendFeatures;
  close(): Promise<void>;
}

/** `options` with fields that newer versions of the library read and older ones ignore. */
const withExtras = <T>(options: T, extras: Record<string, unknown>): T => ({ ...options, ...extras });

async function honoursLimits(input: OtpFlowsOptions['input']): Promise<boolean> {
  const probe = createOtpFlows(
    withExtras<OtpFlowsOptions>(
      { input, store: memoryFlowStore() },
      { limits: { perDestination: { max: 1, windowSeconds: 3_600 } } },
    ),
  );
  const loginId = `limits-probe-${process.pid}@bench.example`;
  await probe.start({ loginId });
  return (await probe.start({ loginId })).error?.kind === 'rateLimited';
}

/**
 * The library's backend of `config.kind` (`library-memory` or `library-redis`) for an app on `origin`, with
 * every check of the handler on: the origin allowed explicitly, the flow cookie at its default, and send
 * limits passed high enough that they count but never refuse (`limits` is passed only where
 * `createOtpFlows` honours it, which `features.limits` tells).
 */
export async function libraryBackend(config: BackendConfig, origin: string): Promise<LibraryBackend> {
  const input = {
    projectId: config.projectId,
    baseUrl: config.descopeUrl,
    requestTimeoutMs: config.requestTimeoutMs,
  };
  const redis =
    config.kind === 'library-redis' ? await createClient({ url: config.redisUrl }).connect() : undefined;
  const store = redis ? redisFlowStore(redis, { timeoutMs: config.storeTimeoutMs }) : memoryFlowStore();
  const features: BackendFeatures = { limits: await honoursLimits(input) };
  const flows = createOtpFlows(
    withExtras<OtpFlowsOptions>({ input, store }, features.limits ? { limits: generousLimits } : {}),
  );
  const handler = createOtpHandler(
    flows,
    withExtras<OtpHandlerOptions>({ maxBodyBytes: config.maxBodyBytes }, { allowedOrigins: [origin] }),
  );
  const listener = toNodeListener(handler);
  return {
    listener,
    features,
    async close() {
      await redis?.close();
    },
  };
}
