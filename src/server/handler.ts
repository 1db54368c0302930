import { isNewBinding, newBinding } from './binding.ts';
import { isJsonMediaType, readBody } from './body.ts';
import { socketAddress } from './client-ip.ts';
import {
  type FlowCookieOptions,
  type RefreshCookieOptions,
  readCookie,
  serializeCookie,
  serializeFlowCookie,
} from './cookie.ts';
import { describeFailure, httpStatusOf, retryAfterOf } from './http-status.ts';
import { directHandlers, type Incoming, incomingOf } from './incoming.ts';
import { allowedOriginsOf, isHost, originRefusal } from './origin.ts';
import { type Answer, json, refusal, responseOf } from './refusals.ts';
import type { FlowStep, FlowStepOptions, OtpFlows, ResendFlowOptions, StartFlowOptions } from './types.ts';

/** Options of `createOtpHandler`. */
export interface OtpHandlerOptions {
  /**
   * The refresh JWT's cookie: set after a sign-in, read by `start` and `resend` (updates, step-up).
   * `false` returns it in the verify body as `session.refreshJwt` and reads it from the body's `refreshJwt`.
   * @default { name: 'DSR', path: '/', sameSite: 'Strict', secure: true } (always HttpOnly)
   */
  refreshCookie?: RefreshCookieOptions | false;
  /**
   * The flow-binding cookie: `start` sets it (a random secret, reused by every flow of this browser) and
   * each flow accepts its next steps only with it, so a flow ID alone is not enough to take a step.
   * `false` reads the binding from each request body's `binding` instead (optional: a flow started
   * without one is bound to nothing), for clients that keep no cookies.
   * @default { name: '__Host-otp-flow' } with the refresh cookie's path, domain and secure (always HttpOnly,
   * SameSite=Strict); named `otp-flow` when it cannot be a `__Host-` cookie (not `secure`, a domain, a path)
   */
  flowCookie?: FlowCookieOptions | false;
  /**
   * The origins (`https://app.example`) whose pages may call the handler. A request with another
   * `Origin`, or with `Sec-Fetch-Site: same-site` or `cross-site` from an origin not listed, answers
   * 403 `forbiddenOrigin`. Set it behind a proxy that changes the request URL's origin, or for a
   * front end on another origin.
   * @default [the origin of the request's own URL]
   */
  allowedOrigins?: readonly string[];
  /** The largest request body accepted, in bytes; a larger one answers 413. @default 16384 */
  maxBodyBytes?: number;
  /** How long the request body may take to arrive, in ms; a slower one answers 408. @default 10000 */
  bodyTimeoutMs?: number;
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

const routeOf = (incoming: Incoming): Route | undefined => {
  const last = incoming.url().pathname.replace(/\/+$/, '').split('/').at(-1);
  return routes.find((route) => route === last);
};

function flowCookieOf(flowCookie: FlowCookieOptions | false, refreshCookie: RefreshCookieOptions | false) {
  if (flowCookie === false) return false;
  // Stryker disable next-line ConditionalExpression,BooleanLiteral: false has no path, domain or secure either
  const inherited = refreshCookie === false ? {} : refreshCookie;
  const path = flowCookie.path ?? inherited.path ?? '/';
  const domain = flowCookie.domain ?? inherited.domain;
  const secure = flowCookie.secure ?? inherited.secure ?? true;
  const hostOnly = secure && !domain && path === '/';
  return { name: flowCookie.name ?? (hostOnly ? '__Host-otp-flow' : 'otp-flow'), path, domain, secure };
}

/**
 * A Fetch-API handler for server flows: `POST …/start {loginId, channel?, email?, phone?, captchaToken?}`,
 * `POST …/resend {flowId, channel?, captchaToken?}`, `POST …/verify {flowId, code}` and `POST …/cancel {flowId}`, each
 * with `Content-Type: application/json` and answering a `FlowStep` as JSON (`error` with a readable
 * `message`) with an HTTP status per failure kind, `cache-control: no-store` and
 * `x-content-type-options: nosniff`. It refuses requests from other origins (403), bodies that are not
 * JSON (415), and steps of a flow from a browser other than the one that started it (`unknownFlow`).
 * The refresh JWT travels in an `HttpOnly; Secure; SameSite=Strict` cookie and never in a body, unless
 * `refreshCookie` is `false`. Mounts as is in Hono, Next.js route handlers, Bun and Deno;
 * `toNodeListener(handler)` adapts it to `node:http`.
 */
export function createOtpHandler(
  flows: OtpFlows,
  {
    refreshCookie = {},
    flowCookie = {},
    allowedOrigins,
    maxBodyBytes = 16 * 1024,
    bodyTimeoutMs = 10_000,
    clientIp = socketAddress,
  }: OtpHandlerOptions = {},
): (request: Request) => Promise<Response> {
  const allowed = allowedOriginsOf(allowedOrigins);
  const bindingCookie = flowCookieOf(flowCookie, refreshCookie);

  const cookieOf = (incoming: Incoming, name: string) => readCookie(incoming.header('cookie'), name);

  const refreshJwtOf = (incoming: Incoming, body: Body) =>
    refreshCookie === false ? body.refreshJwt : cookieOf(incoming, refreshCookie.name ?? 'DSR');

  const bindingOf = (incoming: Incoming, body: Body) =>
    bindingCookie === false ? body.binding : cookieOf(incoming, bindingCookie.name);

  const clientIpOf = (incoming: Incoming) =>
    // Stryker disable next-line ConditionalExpression: socketAddress of the request gives the socket's address too
    clientIp === socketAddress ? incoming.socketAddress() : clientIp(incoming.request());

  function runRoute(route: Route, incoming: Incoming, body: Body, binding: unknown): Promise<FlowStep> {
    const { loginId, channel, email, phone, captchaToken } = body;
    const flowId = body.flowId as string;
    const refreshJwt = refreshJwtOf(incoming, body);
    const client = { clientIp: clientIpOf(incoming), binding };
    const options = { channel, refreshJwt, captchaToken, ...client } as ResendFlowOptions;
    if (route === 'start') return flows.start({ ...options, loginId, email, phone } as StartFlowOptions);
    if (route === 'resend') return flows.resend(flowId, options);
    const stepOptions = client as FlowStepOptions;
    if (route === 'verify') return flows.submitCode(flowId, body.code as string, stepOptions);
    return flows.cancel(flowId, stepOptions);
  }

  function reply(step: FlowStep, cookies: string[]): Answer {
    const { session, error, ...rest } = step;
    const headers: Record<string, string> = {};
    const retryAfter = retryAfterOf(error);
    if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
    const body: Body = { ...rest, error: error && describeFailure(error) };
    if (session) {
      const { refreshJwt, ...kept } = session;
      body.session = refreshCookie === false ? session : kept;
      if (refreshJwt && refreshCookie !== false)
        cookies.push(serializeCookie(refreshJwt, refreshCookie, Date.now()));
    }
    return json(httpStatusOf(error), body, headers, cookies);
  }

  async function answer(route: Route, incoming: Incoming, body: Body): Promise<Answer> {
    const cookies: string[] = [];
    let binding = bindingOf(incoming, body);
    if (route === 'start' && bindingCookie !== false && !isNewBinding(binding)) {
      binding = newBinding();
      cookies.push(serializeFlowCookie(binding as string, bindingCookie));
    }
    const step = await runRoute(route, incoming, body, binding);
    return reply(step, step.status === 'awaitingCode' ? cookies : []);
  }

  async function handle(incoming: Incoming): Promise<Answer> {
    try {
      const route = routeOf(incoming);
      if (!route) return refusal('notFound');
      if (incoming.method !== 'POST') return refusal('methodNotAllowed', { allow: 'POST' });
      const host = incoming.header('host');
      if (host !== null && !isHost(host)) return refusal('badHost');
      const headers = { origin: incoming.header('origin'), site: incoming.header('sec-fetch-site') };
      if (originRefusal(headers, () => incoming.url().origin, allowed)) return refusal('forbiddenOrigin');
      if (!isJsonMediaType(incoming.header('content-type'))) return refusal('unsupportedMediaType');
      const length = incoming.header('content-length');
      const read = await readBody(length, incoming.body(), maxBodyBytes, bodyTimeoutMs);
      if (read.kind === 'refused') return refusal(read.refusal);
      return await answer(route, incoming, read.body);
    } catch {
      return refusal('internal');
    }
  }

  const handler = async (request: Request) => {
    const answered = await handle(incomingOf(request));
    try {
      return responseOf(answered);
    } catch {
      return responseOf(refusal('internal'));
    }
  };
  directHandlers.set(handler, handle);
  return handler;
}
