import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import type { BackendCall, BackendConfig, BackendReply, BackendUsage } from './server-config.ts';
import { libraryBackend } from './server-library.ts';
import { sdkBackend } from './server-sdk.ts';

const config = JSON.parse(process.env.BENCH_BACKEND ?? '{}') as BackendConfig;
const send = (message: BackendReply, then: () => void = () => {}) => process.send?.(message, then);

let listener = (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(503);
  res.end();
};
const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => listener(req, res));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const backend = config.kind.startsWith('library')
  ? await libraryBackend(config, url)
  : { ...(await sdkBackend(config, url)), features: null };
listener = backend.listener;

let since = process.cpuUsage();
let session: Session | undefined;

async function answer(call: BackendCall): Promise<unknown> {
  switch (call.type) {
    case 'mark':
      since = process.cpuUsage();
      return undefined;
    case 'usage': {
      const { user, system } = process.cpuUsage(since);
      const { rss, heapUsed } = process.memoryUsage();
      return {
        userUs: user,
        systemUs: system,
        rssBytes: rss,
        heapUsedBytes: heapUsed,
      } satisfies BackendUsage;
    }
    case 'profileStart':
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: call.intervalUs });
      await session.post('Profiler.start');
      return undefined;
    case 'profileStop': {
      const stopped = await session?.post('Profiler.stop');
      session?.disconnect();
      return stopped?.profile;
    }
    case 'close':
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await backend.close();
      return undefined;
  }
}

process.on('message', async (call: BackendCall) => {
  const result = await answer(call);
  send({ type: 'result', id: call.id, result }, call.type === 'close' ? () => process.exit(0) : undefined);
});

send({ type: 'ready', url, features: backend.features });
