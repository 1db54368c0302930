import type * as Http from 'node:http';

type HttpModule = Pick<typeof Http, 'request' | 'Agent'>;
type Connection = { module: HttpModule; agent: Http.Agent };

const builtin = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  ?.getBuiltinModule;
const freeSocketMs = 4_000;
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

function connectionOf(id: 'node:http' | 'node:https'): Connection | undefined {
  const module = builtin?.(id) as HttpModule | undefined;
  // Stryker disable next-line ObjectLiteral: an agent's options change only how long an idle socket is kept
  return module && { module, agent: new module.Agent({ keepAlive: true, timeout: freeSocketMs }) };
}

const connections = { 'http:': connectionOf('node:http'), 'https:': connectionOf('node:https') };

function headerPairs(raw: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let at = 0; at < raw.length; at += 2) pairs.push([raw[at] as string, raw[at + 1] as string]);
  return pairs;
}

function abortReason(signal: AbortSignal | null | undefined, error: unknown): unknown {
  return signal?.aborted ? signal.reason : error;
}

function nodeFetch(http: HttpModule, agent: Http.Agent, url: URL, init: RequestInit): Promise<Response> {
  const { signal } = init;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    const given = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    given.forEach((value, name) => {
      headers[name] = value;
    });
    const request = http.request(url, {
      method: init.method,
      headers,
      agent,
      signal: signal ?? undefined,
    });
    request.on('error', (error) => reject(abortReason(signal, error)));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('close', () => {
        // Stryker disable next-line ConditionalExpression: a complete answer has resolved before it closes, and a rejection after that changes nothing
        if (!response.complete) reject(abortReason(signal, new Error('The answer ended early')));
      });
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        const body = nullBodyStatuses.has(status) ? null : Buffer.concat(chunks).toString('utf8');
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
 * every request elsewhere, goes through the platform's `fetch`. It never follows a redirect, and it
 * rejects with the signal's reason once aborted, as `fetch` does.
 */
export const serverFetch: typeof fetch = (
  input: RequestInfo | URL,
  init: RequestInit = {},
): Promise<Response> => {
  const url = new URL(input instanceof Request ? input.url : input);
  const connection = connections[url.protocol as keyof typeof connections];
  const { body } = init;
  const plain = body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
  if (!connection || input instanceof Request || !plain) return globalThis.fetch(input, init);
  return nodeFetch(connection.module, connection.agent, url, init);
};
