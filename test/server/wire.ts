import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll } from 'vitest';
import type { OtpInput } from '../../src/index.ts';
import { toNodeListener } from '../../src/server/index.ts';
import { createTestServer } from '../../src/testing/index.ts';

type Handler = (request: Request) => Promise<Response>;

/**
 * A test server and the steps' input over it (no resend cooldown), and `serve`, which puts a handler on
 * node:http on a free port of `host`; all of them are closed after the file.
 */
export async function overTheWire() {
  const descope = await createTestServer();
  const input: OtpInput = { projectId: descope.projectId, baseUrl: descope.url, resendCooldownMs: 0 };
  const servers: Server[] = [];
  afterAll(async () => {
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    await descope.close();
  });
  const serve = async (handler: Handler, host = '127.0.0.1'): Promise<number> => {
    const server = createServer(toNodeListener(handler));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    return (server.address() as AddressInfo).port;
  };
  return { descope, input, serve };
}

/** Where `postOverWire` connects: a port on `host` (127.0.0.1), from the local address `from` if given. */
export interface WireTarget {
  port: number;
  host?: string;
  from?: string;
}

/** What came back: the status, the headers and the body as text. */
export interface WireAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** `POST /otp/<route>` over node:http on a fresh connection; JSON (an object is stringified) unless `headers` say otherwise. */
export function postOverWire(
  target: WireTarget,
  route: string,
  body: string | object,
  headers: Record<string, string> = {},
): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: target.host ?? '127.0.0.1',
        port: target.port,
        ...(target.from ? { localAddress: target.from } : {}),
        method: 'POST',
        path: `/otp/${route}`,
        agent: false,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
}
