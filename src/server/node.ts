import { rememberAddress } from './client-ip.ts';
import { isHost } from './origin.ts';
import { refusal } from './refusals.ts';

/** The parts of `node:http`'s `IncomingMessage` that `toNodeListener` reads. */
export interface NodeRequestLike extends AsyncIterable<Uint8Array> {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  /**
   * The connection: its `remoteAddress` is the handler's default `clientIp`, and a TLS socket (`encrypted:
   * true`, as `node:https` gives) makes the request URL `https:`.
   */
  socket?: { remoteAddress?: string | undefined; encrypted?: unknown };
}

/** The parts of `node:http`'s `ServerResponse` that `toNodeListener` writes. */
export interface NodeResponseLike {
  readonly headersSent: boolean;
  writeHead(status: number, headers?: Record<string, string | string[]>): unknown;
  end(body?: Uint8Array): unknown;
}

function requestOf(req: NodeRequestLike): Request | undefined {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value])
      headers.append(name, item);
  }
  const host = headers.get('host');
  const path = req.url ?? '/';
  if (!isHost(host) || !path.startsWith('/') || path.startsWith('//')) return undefined;
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const init = { method: req.method, headers, body: hasBody ? req : undefined, duplex: 'half' };
  const scheme = req.socket?.encrypted === true ? 'https' : 'http';
  const request = new Request(`${scheme}://${host}${path}`, init as RequestInit);
  rememberAddress(request, req.socket?.remoteAddress);
  return request;
}

/**
 * Adapts a Fetch-API handler to `node:http`: `createServer(toNodeListener(handler)).listen(3000)`.
 * The request body is streamed to the handler, which enforces its own size limit. A request without a
 * valid `Host` header, or whose target is not a path, answers 400 `badHost` without reaching the handler.
 * The socket's remote address is the handler's default `clientIp` (kept beside the request, never in a header).
 */
export function toNodeListener(
  handler: (request: Request) => Promise<Response>,
): (req: NodeRequestLike, res: NodeResponseLike) => void {
  return (req, res) => {
    Promise.resolve()
      .then(() => {
        const request = requestOf(req);
        return request ? handler(request) : refusal('badHost');
      })
      .then(async (response) => {
        const headers: Record<string, string | string[]> = Object.fromEntries(response.headers);
        const cookies = response.headers.getSetCookie();
        if (cookies.length > 0) headers['set-cookie'] = cookies;
        const body = new Uint8Array(await response.arrayBuffer());
        res.writeHead(response.status, headers);
        res.end(body);
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'x-content-type-options': 'nosniff' });
        res.end();
      });
  };
}
