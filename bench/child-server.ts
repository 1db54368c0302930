import { createTestServer, type FaultSpec } from '../src/testing/index.ts';
import type { ServerCall, ServerReply } from './remote-server.ts';

const send = (message: ServerReply) => process.send?.(message);

const server = await createTestServer({
  onDeliver: ({ loginId, code }) => send({ type: 'code', loginId, code }),
});

const answer = async (call: ServerCall): Promise<unknown> => {
  switch (call.method) {
    case 'fault':
      return server.fault(call.args as FaultSpec);
    case 'clearFaults':
      return server.clearFaults();
    case 'requests':
      return server.requests.slice(call.args as number);
    case 'requestCount':
      return server.requests.length;
    case 'close':
      await server.close();
      setImmediate(() => process.disconnect());
      return undefined;
  }
};

process.on('message', async (call: ServerCall) => {
  send({ type: 'result', id: call.id, result: await answer(call) });
});

send({ type: 'ready', url: server.url, projectId: server.projectId });
