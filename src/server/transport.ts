import type * as Http from 'node:http';
import { builtinModule } from './builtin.ts';

type HttpModule = Pick<typeof Http, 'request' | 'Agent'>;
type Connection = { module: HttpModule; agent: Http.Agent };

const modules = { 'http:': 'node:http', 'https:': 'node:https' } as const;
const connections = new Map<string, Connection | undefined>();
const freeSocketMs = 4_000;
const nullBodyStatuses = new Set([204, 205, 304]);

function connectionOf(protocol: string): Connection | undefined {
  if (connections.has(protocol)) return connections.get(protocol);
  const id = modules[protocol as keyof typeof modules];
  const module = id === undefined ? undefined : builtinModule<HttpModule>(id);
  // Stryker disable next-line ObjectLiteral: an agent's options change only how long an idle socket is kept
  const connection = module && {
    module,
    agent: new module.Agent({ keepAlive: true, timeout: freeSocketMs }),
  };
  connections.set(protocol, connection);
  return connection;
}

function headerPairs(raw: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let at = 0; at < raw.length; at += 2) pairs.push([raw[at] as string, raw[at + 1] as string]);
  return pairs;
}

const reasonOf = (signal: AbortSignal | null | undefined, error: unknown): unknown =>
  signal?.aborted ? signal.reason : error;

function nodeFetch({ module, agent }: Connection, url: URL, init: RequestInit): Promise<Response> {
  const { signal } = init;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'user-agent': 'node' };
    const given = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    given.forEach((value, name) => {
      headers[name] = value;
    });
    const request = module.request(url, { method: init.method, headers, agent, signal: signal ?? undefined });
    let answered = false;
    request.on('error', (error) => reject(reasonOf(signal, error)));
    request.on('close', () => {
      if (!answered) reject(reasonOf(signal, new Error('The connection closed without an answer')));
    });
    request.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('close', () => {
        // Stryker disable next-line ConditionalExpression: a complete answer has resolved before it closes, and a rejection after that changes nothing
        if (!response.complete) reject(reasonOf(signal, new Error('The answer ended early')));
      });
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        const body = nullBodyStatuses.has(status) ? null : Buffer.concat(chunks);
        const head = {
          status,
          statusText: response.statusMessage,
          headers: headerPairs(response.rawHeaders),
        };
        try {
          resolve(new Response(body, head));
        } catch (error) {
          reject(error);
        }
      });
    });
    request.end((init.body ?? undefined) as string | Uint8Array | undefined);
  });
}

/**
 * The `fetch` a server step's Descope requests go out with. Where `process.getBuiltinModule` gives
 * `node:http` / `node:https` (Node 20.16 and later), a request with a string or byte body goes over
 * their keep-alive agent, at a fraction of the CPU of the platform's `fetch`; any other request, and
 * every request elsewhere, goes through the platform's `fetch`. As Node's `fetch` does, it sends
 * `user-agent: node` unless told otherwise and rejects with the signal's reason once aborted; it answers a
 * redirect as it is (the HTTP layer asks for `redirect: 'manual'`). Unlike it, it reads no global dispatcher
 * (undici's `setGlobalDispatcher`) and no replaced `globalThis.fetch`.
 */
export const serverFetch: typeof fetch = async (input, init = {}) => {
  const url = new URL(input instanceof Request ? input.url : input);
  const connection = connectionOf(url.protocol);
  const { body } = init;
  const plain = body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
  if (!connection || input instanceof Request || !plain) return globalThis.fetch(input, init);
  return nodeFetch(connection, url, init);
};
