import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { OtpInput } from '../../src/index.ts';
import {
  createOtpFlows,
  createOtpHandler,
  memoryFlowStore,
  socketAddress,
  toNodeListener,
} from '../../src/server/index.ts';
import { createTestServer } from '../../src/testing/index.ts';
import { uniqueEmail } from '../helpers/flow.ts';

const descope = await createTestServer();
afterAll(() => descope.close());

const input: OtpInput = { projectId: descope.projectId, baseUrl: descope.url, resendCooldownMs: 0 };
const flows = createOtpFlows({ input, store: memoryFlowStore(), limits: false });

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

async function serve(handler: (request: Request) => Promise<Response>) {
  const server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  /** A POST whose body is written in `chunks`, chunked unless `headers` declares a length; `end: false` never ends it. */
  const post = (route: string, chunks: string[], headers: Record<string, string> = {}, end = true) =>
    new Promise<Reply>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: `/otp/${route}`,
          method: 'POST',
          headers: { 'content-type': 'application/json', origin, ...headers },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        },
      );
      req.on('error', reject);
      for (const chunk of chunks) req.write(chunk);
      if (end) req.end();
    });
  return {
    post,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

const bodyLength = (reply: Reply) => String(Buffer.byteLength(reply.text));

describe('toNodeListener', () => {
  it('answers with content-length, never chunked, for a createOtpHandler handler and any other', async () => {
    const handler = createOtpHandler(flows, { refreshCookie: { secure: false } });
    for (const target of [handler, (request: Request) => handler(request)]) {
      const app = await serve(target);
      try {
        const loginId = uniqueEmail();
        const started = await app.post('start', [JSON.stringify({ loginId })]);
        expect(started.status).toBe(200);
        expect(started.headers['content-length']).toBe(bodyLength(started));
        expect(started.headers['transfer-encoding']).toBeUndefined();
        expect(started.headers['set-cookie']).toEqual([expect.stringMatching(/^otp-flow=/)]);
        const { flowId } = JSON.parse(started.text);
        const cookie = started.headers['set-cookie']?.[0]?.split(';')[0] ?? '';
        const code = descope.lastCode(loginId) ?? '';
        const verified = await app.post('verify', [JSON.stringify({ flowId, code })], { cookie });
        expect(JSON.parse(verified.text)).toMatchObject({ status: 'authenticated' });
        expect(verified.headers['content-length']).toBe(bodyLength(verified));
        expect(verified.headers['set-cookie']).toEqual([expect.stringMatching(/^DSR=/)]);
        const refused = await app.post('start', ['{}'], { 'content-type': 'text/plain' });
        expect(refused.status).toBe(415);
        expect(refused.headers['content-length']).toBe(bodyLength(refused));
      } finally {
        await app.close();
      }
    }
  });

  it("enforces the handler's body limits on Node's own request, sending nothing", async () => {
    const app = await serve(createOtpHandler(flows, { maxBodyBytes: 64, bodyTimeoutMs: 50 }));
    try {
      const before = descope.requests.length;
      const large = JSON.stringify({ loginId: uniqueEmail(), padding: 'x'.repeat(100) });
      const declared = await app.post('start', [large], { 'content-length': String(large.length) });
      expect(JSON.parse(declared.text)).toMatchObject({ error: { kind: 'bodyTooLarge' } });
      const chunked = await app.post('start', [large.slice(0, 40), large.slice(40)]);
      expect(chunked.status).toBe(413);
      const endless = await app.post('start', ['{"loginId":'], {}, false);
      expect(JSON.parse(endless.text)).toMatchObject({ error: { kind: 'bodyTimeout' } });
      expect((await app.post('start', ['[1]'])).status).toBe(400);
      expect(descope.requests.length).toBe(before);
    } finally {
      await app.close();
    }
  });

  it("gives a clientIp option a Request with the page's headers and the socket's address", async () => {
    const seen: { ip: string | undefined; origin: string | null; url: string }[] = [];
    const handler = createOtpHandler(flows, {
      clientIp: (request) => {
        seen.push({ ip: socketAddress(request), origin: request.headers.get('origin'), url: request.url });
        return socketAddress(request);
      },
    });
    const app = await serve(handler);
    try {
      const started = await app.post('start', [JSON.stringify({ loginId: uniqueEmail() })]);
      expect(started.status).toBe(200);
      expect(seen).toEqual([
        {
          ip: '127.0.0.1',
          origin: expect.stringMatching(/^http:\/\/127\.0\.0\.1:/),
          url: expect.any(String),
        },
      ]);
      expect(new URL(seen[0]?.url ?? '').pathname).toBe('/otp/start');
    } finally {
      await app.close();
    }
  });
});
