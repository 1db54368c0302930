import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Adapts a Fetch-API handler to `node:http`: `createServer(toNodeListener(handler)).listen(3000)`.
 * The request body is streamed to the handler, which enforces its own size limit.
 */
export function toNodeListener(
  handler: (request: Request) => Promise<Response>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const host = req.headers.host ?? 'localhost';
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const init = { method: req.method, headers: req.headers as HeadersInit, body: hasBody ? req : undefined };
    Promise.resolve()
      .then(() =>
        handler(new Request(`http://${host}${req.url ?? '/'}`, { ...init, duplex: 'half' } as RequestInit)),
      )
      .then(async (response) => {
        const headers: Record<string, string | string[]> = Object.fromEntries(response.headers);
        const cookies = response.headers.getSetCookie();
        if (cookies.length > 0) headers['set-cookie'] = cookies;
        res.writeHead(response.status, headers).end(new Uint8Array(await response.arrayBuffer()));
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  };
}
