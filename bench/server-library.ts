import type { IncomingMessage, ServerResponse } from 'node:http';
import { createClient } from 'redis';
import {
  createOtpFlows,
  createOtpHandler,
  memoryFlowStore,
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

/**
 * The library's backend of `config.kind` (`library-memory` or `library-redis`) for an app on `origin`, with
 * every check of the handler on: the origin allowed explicitly, the flow cookie at its default, and send
 * limits high enough that they count but never refuse.
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
  const flows = createOtpFlows({ input, store, limits: generousLimits });
  const handler = createOtpHandler(flows, { maxBodyBytes: config.maxBodyBytes, allowedOrigins: [origin] });
  return {
    listener: toNodeListener(handler),
    features: { limits: true },
    async close() {
      await redis?.close();
    },
  };
}
