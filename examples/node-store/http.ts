import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { createOtpFlows, Reply } from './flows.ts';

type Flows = ReturnType<typeof createOtpFlows>;

const maxBodyBytes = 16 * 1024;

function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > maxBodyBytes) req.destroy();
    });
    req.on('end', () => {
      try {
        const value: unknown = JSON.parse(text);
        resolve(
          typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as never) : null,
        );
      } catch {
        resolve(null);
      }
    });
    req.on('error', () => resolve(null));
  });
}

function send(res: ServerResponse, { status, body, refreshJwt }: Reply): void {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'cache-control': 'no-store' };
  if (refreshJwt) headers['set-cookie'] = `DSR=${refreshJwt}; HttpOnly; Secure; SameSite=Strict; Path=/`;
  res.writeHead(status, headers).end(JSON.stringify(body));
}

const badRequest = (message: string): Reply => ({
  status: 400,
  body: { error: { kind: 'badRequest', message } },
});
const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

async function route(req: IncomingMessage, flows: Flows): Promise<Reply> {
  const path = (req.url ?? '/').split('?', 1)[0];
  if (req.method !== 'POST' || (path !== '/otp/start' && path !== '/otp/verify')) {
    return { status: 404, body: { error: { kind: 'notFound' } } };
  }
  const body = await readJson(req);
  if (!body) return badRequest('Send a JSON object.');
  if (path === '/otp/start') {
    return isText(body.loginId) ? flows.start(body.loginId) : badRequest('loginId is required.');
  }
  if (!isText(body.flowId) || !isText(body.code)) return badRequest('flowId and code are required.');
  return flows.verify(body.flowId, body.code);
}

/** `POST /otp/start {loginId}` → `{flowId}`; `POST /otp/verify {flowId, code}` → the result. */
export function createOtpHandler(flows: Flows): RequestListener {
  return (req, res) => {
    route(req, flows).then(
      (reply) => send(res, reply),
      () => send(res, { status: 500, body: { error: { kind: 'internal' } } }),
    );
  };
}
