import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from 'redis';
import { createOtpFlows, createOtpHandler, redisFlowStore, toNodeListener } from '../../src/server/index.ts';

const { REDIS_URL, DESCOPE_URL, DESCOPE_PROJECT_ID, OTP_INPUT = '{}', LEASE_MARGIN_MS } = process.env;

const redis = createClient({ url: REDIS_URL, socket: { reconnectStrategy: () => 50 } });
redis.on('error', () => {});
await redis.connect();

const flows = createOtpFlows({
  limits: false,
  input: { projectId: DESCOPE_PROJECT_ID ?? '', baseUrl: DESCOPE_URL, ...JSON.parse(OTP_INPUT) },
  store: redisFlowStore(redis),
  ...(LEASE_MARGIN_MS ? { leaseMarginMs: Number(LEASE_MARGIN_MS) } : {}),
});
const server = createServer(toNodeListener(createOtpHandler(flows, { refreshCookie: { secure: false } })));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void redis.close();
});
