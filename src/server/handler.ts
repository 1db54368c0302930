import { socketAddress } from './client-ip.ts';
import { type RefreshCookieOptions, readCookie, serializeCookie } from './cookie.ts';
import { describeFailure, httpStatusOf } from './http-status.ts';
import type { FlowStep, OtpFlows } from './types.ts';

/** Options of `createOtpHandler`. */
export interface OtpHandlerOptions {
  /**
   * The refresh JWT's cookie: set after a sign-in, read by `start` and `resend` (updates, step-up).
   * `false` returns it in the verify body as `session.refreshJwt` and reads it from the body's `refreshJwt`.
   * @default { name: 'DSR', path: '/', sameSite: 'Strict', secure: true } (always HttpOnly)
   */
  refreshCookie?: RefreshCookieOptions | false;
  /** The largest request body accepted, in bytes; a larger one answers 413. @default 16384 */
  maxBodyBytes?: number;
  /**
   * The client's IP address for the flows' `perClientIp` limit, bot check and events. Trust a header only when
   * your own proxy sets it (a client can send any `X-Forwarded-For`); undefined means no per-IP limit.
   * @default the socket's address under `toNodeListener`, else undefined (no header is read)
   */
  clientIp?: (request: Request) => string | undefined;
}

type Body = Record<string, unknown>;
type Route = 'start' | 'resend' | 'verify' | 'cancel';

const routes: readonly Route[] = ['start', 'resend', 'verify', 'cancel'];

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });

const refusal = (status: number, kind: string, message: string, headers?: Record<string, string>) =>
  json(status, { error: { kind, message } }, headers);

async function readBody(request: Request, maxBytes: number): Promise<Body | 'tooLarge' | null> {
  if (Number(request.headers.get('content-length')) > maxBytes) return 'tooLarge';
  const reader = request.body?.getReader();
  if (!reader) return null;
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return 'tooLarge';
      }
      text += decoder.decode(read.value, { stream: true });
    }
    const value: unknown = JSON.parse(text + decoder.decode());
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : null;
  } catch {
    return null;
  }
}

const routeOf = (request: Request): Route | undefined => {
  const last = new URL(request.url).pathname.replace(/\/+$/, '').split('/').at(-1);
  return routes.find((route) => route === last);
};

/**
 * A Fetch-API handler for server flows: `POST …/start {loginId, channel?, email?, phone?, captchaToken?}`,
 * `POST …/resend {flowId, channel?, captchaToken?}`, `POST …/verify {flowId, code}` and `POST …/cancel {flowId}`, each
 * answering a `FlowStep` as JSON (`error` with a readable `message`) with an HTTP status per failure kind
 * and `cache-control: no-store`. The refresh JWT travels in an `HttpOnly; Secure; SameSite=Strict` cookie
 * and never in a body, unless `refreshCookie` is `false`. Mounts as is in Hono, Next.js route handlers,
 * Bun and Deno; `toNodeListener(handler)` adapts it to `node:http`.
 */
export function createOtpHandler(
  flows: OtpFlows,
  { refreshCookie = {}, maxBodyBytes = 16 * 1024, clientIp = socketAddress }: OtpHandlerOptions = {},
): (request: Request) => Promise<Response> {
  const refreshJwtOf = (request: Request, body: Body) =>
    refreshCookie === false
      ? body.refreshJwt
      : readCookie(request.headers.get('cookie'), refreshCookie.name ?? 'DSR');

  function runRoute(route: Route, request: Request, body: Body): Promise<FlowStep> {
    const { flowId } = body;
    const refreshJwt = refreshJwtOf(request, body) as string | undefined;
    const client = { clientIp: clientIp(request), captchaToken: body.captchaToken as string | undefined };
    if (route === 'start') return flows.start({ ...(body as { loginId: string }), refreshJwt, ...client });
    if (route === 'resend')
      return flows.resend(flowId as string, { channel: body.channel as never, refreshJwt, ...client });
    if (route === 'verify') return flows.submitCode(flowId as string, body.code as string, client);
    return flows.cancel(flowId as string);
  }

  function reply(step: FlowStep): Response {
    const { session, error, ...rest } = step;
    const headers: Record<string, string> = {};
    if (error?.kind === 'rateLimited')
      headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
    const body: Body = { ...rest, error: error && describeFailure(error) };
    if (session) {
      const { refreshJwt, ...kept } = session;
      body.session = refreshCookie === false ? session : kept;
      if (refreshJwt && refreshCookie !== false)
        headers['set-cookie'] = serializeCookie(refreshJwt, refreshCookie, Date.now());
    }
    return json(httpStatusOf(error), body, headers);
  }

  return async (request) => {
    try {
      const route = routeOf(request);
      if (!route) return refusal(404, 'notFound', 'No such route.');
      if (request.method !== 'POST') return refusal(405, 'methodNotAllowed', 'Use POST.', { allow: 'POST' });
      const body = await readBody(request, maxBodyBytes);
      if (body === 'tooLarge') return refusal(413, 'bodyTooLarge', 'The request body is too large.');
      if (!body) return refusal(400, 'badRequest', 'Send a JSON object.');
      return reply(await runRoute(route, request, body));
    } catch {
      return refusal(500, 'internal', 'Something went wrong on the server.');
    }
  };
}
