import { rememberAddress } from './client-ip.ts';
import { directHandlers, type Incoming, nodeIncoming } from './incoming.ts';
import { isHost } from './origin.ts';
import { type Answer, refusal } from './refusals.ts';

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

type Head = Record<string, string | string[]>;

const encoder = new TextEncoder();
const bodiless = (method: string | undefined, status: number) =>
  method === 'HEAD' || status === 204 || status === 304;

function urlOf(req: NodeRequestLike, host: string | null): URL | undefined {
  const path = req.url ?? '/';
  if (!isHost(host) || !path.startsWith('/') || path.startsWith('//')) return undefined;
  return new URL(`${req.socket?.encrypted === true ? 'https' : 'http'}://${host}${path}`);
}

function requestOf(req: NodeRequestLike): Request | undefined {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value])
      headers.append(name, item);
  }
  const url = urlOf(req, headers.get('host'));
  if (!url) return undefined;
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const init = { method: req.method, headers, body: hasBody ? req : undefined, duplex: 'half' };
  const request = new Request(url, init as RequestInit);
  rememberAddress(request, req.socket?.remoteAddress);
  return request;
}

function writeAnswer(res: NodeResponseLike, { status, headers, cookies, body }: Answer) {
  const bytes = encoder.encode(body);
  const head: Head = { ...headers, 'content-length': String(bytes.byteLength) };
  if (cookies.length > 0) head['set-cookie'] = cookies;
  res.writeHead(status, head);
  res.end(bytes);
}

async function writeResponse(res: NodeResponseLike, method: string | undefined, response: Response) {
  const head: Head = Object.fromEntries(response.headers);
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) head['set-cookie'] = cookies;
  const body = new Uint8Array(await response.arrayBuffer());
  if (!response.headers.has('content-length') && !bodiless(method, response.status))
    head['content-length'] = String(body.byteLength);
  res.writeHead(response.status, head);
  res.end(body);
}

function answerOf(req: NodeRequestLike, handle: (incoming: Incoming) => Promise<Answer>) {
  const host = req.headers.host;
  // Stryker disable next-line StringLiteral: a Host given as a list is joined with ', ' again by the handler, which refuses it
  const url = urlOf(req, Array.isArray(host) ? host.join(', ') : (host ?? null));
  if (!url) return refusal('badHost');
  const address = req.socket?.remoteAddress;
  return handle(nodeIncoming({ method: req.method, url, headers: req.headers, address, chunks: req }));
}

/**
 * Adapts a Fetch-API handler to `node:http`: `createServer(toNodeListener(handler)).listen(3000)`.
 * The request body is streamed to the handler, which enforces its own size limit. A request without a
 * valid `Host` header, or whose target is not a path, answers 400 `badHost` without reaching the handler.
 * The socket's remote address is the handler's default `clientIp` (kept beside the request, never in a header).
 * Answers carry `content-length`. A handler made by `createOtpHandler` reads Node's request directly: no
 * `Request` is built unless its `clientIp` option asks for one.
 */
export function toNodeListener(
  handler: (request: Request) => Promise<Response>,
): (req: NodeRequestLike, res: NodeResponseLike) => void {
  const handle = directHandlers.get(handler);
  return (req, res) => {
    Promise.resolve()
      .then(async () => {
        if (handle) return writeAnswer(res, await answerOf(req, handle));
        const request = requestOf(req);
        if (!request) return writeAnswer(res, refusal('badHost'));
        return writeResponse(res, req.method, await handler(request));
      })
      .catch(() => {
        if (!res.headersSent)
          res.writeHead(500, { 'x-content-type-options': 'nosniff', 'content-length': '0' });
        res.end();
      });
  };
}
