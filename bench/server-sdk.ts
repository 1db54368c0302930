import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SdkResponse } from '@descope/core-js-sdk';
import DescopeClient from '@descope/node-sdk';
import { createClient } from 'redis';
import type { BackendConfig } from './server-config.ts';

/**
 * The backend a careful developer writes by hand with `@descope/node-sdk`, as the server bench's reference:
 * `POST /start {loginId}` and `POST /verify {loginId, code}` (stateless), or with a flow record in Redis
 * (`/start {loginId}` answers a random flow ID kept with a TTL; `/verify {flowId, code}` reads it and deletes
 * it once the flow is over), so the client's flow has the library's shape. Both take JSON only from the app's
 * own origin, refuse bodies over `maxBodyBytes`, answer a status per Descope error with `cache-control:
 * no-store`, and set the refresh JWT as an `HttpOnly; Secure; SameSite=Strict` cookie after a verify.
 */
export interface SdkBackend {
  listener(req: IncomingMessage, res: ServerResponse): void;
  close(): Promise<void>;
}

type Body = Record<string, unknown>;
type Answer = { status: number; body: unknown; headers?: Record<string, string> };

const flowTtlSeconds = 600;
const flowKey = (flowId: string) => `sdk-flow:${flowId}`;
const { DescopeErrors } = DescopeClient;
const statuses = new Map<string, number>([
  [DescopeErrors.wrongOTPCode, 401],
  [DescopeErrors.tooManyOTPAttempts, 403],
  [DescopeErrors.userNotFound, 404],
  [DescopeErrors.badRequest, 400],
  [DescopeErrors.missingArguments, 400],
  [DescopeErrors.invalidRequest, 400],
  [DescopeErrors.invalidArguments, 400],
  ['E061104', 410],
  ['E062107', 409],
  ['E062125', 409],
  ['E130429', 429],
]);
const over = new Set<string>([DescopeErrors.tooManyOTPAttempts, DescopeErrors.userNotFound, 'E061104']);

const refusal = (status: number, kind: string): Answer => ({ status, body: { error: { kind } } });

function failure(response: SdkResponse<object>): Answer {
  const errorCode = response.error?.errorCode ?? '';
  const status =
    statuses.get(errorCode) ?? (response.code === 429 ? 429 : (response.code ?? 500) < 500 ? 400 : 502);
  const headers: Record<string, string> = {};
  if (status === 429 && response.error?.retryAfter) headers['retry-after'] = response.error.retryAfter;
  return { status, body: { error: { kind: 'descope', errorCode } }, headers };
}

const isLoginId = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= 320;
const isCode = (value: unknown): value is string => typeof value === 'string' && /^\d{6}$/.test(value);
const isFlowId = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Za-z0-9_-]{24}$/.test(value);

async function readBody(req: IncomingMessage, maxBytes: number): Promise<Body | 'tooLarge' | null> {
  if (Number(req.headers['content-length']) > maxBytes) return 'tooLarge';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > maxBytes) return 'tooLarge';
    chunks.push(chunk);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : null;
  } catch {
    return null;
  }
}

function reply(res: ServerResponse, { status, body, headers = {} }: Answer) {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

/** The SDK backend of `config.kind` (`sdk-stateless` or `sdk-redis`), answering on `origin`. */
export async function sdkBackend(config: BackendConfig, origin: string): Promise<SdkBackend> {
  const descope = DescopeClient({ projectId: config.projectId, baseUrl: config.descopeUrl });
  const redis =
    config.kind === 'sdk-redis' ? await createClient({ url: config.redisUrl }).connect() : undefined;

  async function start(body: Body): Promise<Answer> {
    const { loginId } = body;
    if (!isLoginId(loginId)) return refusal(400, 'invalidInput');
    const sent = await descope.otp.signUpOrIn.email(loginId);
    if (!sent.ok) return failure(sent);
    const maskedEmail = sent.data?.maskedEmail;
    if (!redis) return { status: 200, body: { maskedEmail } };
    const flowId = randomBytes(18).toString('base64url');
    await redis.set(flowKey(flowId), JSON.stringify({ loginId, channel: 'email' }), { EX: flowTtlSeconds });
    return { status: 200, body: { flowId, maskedEmail } };
  }

  async function loginIdOf(body: Body): Promise<string | Answer> {
    if (!redis) return isLoginId(body.loginId) ? body.loginId : refusal(400, 'invalidInput');
    if (!isFlowId(body.flowId)) return refusal(400, 'invalidInput');
    const flow = await redis.get(flowKey(body.flowId));
    if (!flow) return refusal(404, 'unknownFlow');
    return (JSON.parse(flow) as { loginId: string }).loginId;
  }

  async function verify(body: Body): Promise<Answer> {
    if (!isCode(body.code)) return refusal(400, 'invalidInput');
    const loginId = await loginIdOf(body);
    if (typeof loginId !== 'string') return loginId;
    const verified = await descope.otp.verify.email(loginId, body.code);
    const ended = verified.ok || over.has(verified.error?.errorCode ?? '');
    if (redis && ended) await redis.del(flowKey(body.flowId as string));
    if (!verified.ok || !verified.data) return failure(verified);
    const { sessionJwt, refreshJwt, user, firstSeen, cookieMaxAge } = verified.data;
    const maxAge = cookieMaxAge ? `; Max-Age=${cookieMaxAge}` : '';
    const headers: Record<string, string> = refreshJwt
      ? { 'set-cookie': `DSR=${refreshJwt}${maxAge}; HttpOnly; Secure; SameSite=Strict; Path=/` }
      : {};
    return { status: 200, body: { sessionJwt, user, firstSeen }, headers };
  }

  async function answer(req: IncomingMessage): Promise<Answer> {
    const route = req.url === '/start' ? start : req.url === '/verify' ? verify : undefined;
    if (!route) return refusal(404, 'notFound');
    if (req.method !== 'POST') return refusal(405, 'methodNotAllowed');
    if (!req.headers['content-type']?.startsWith('application/json')) return refusal(415, 'unsupportedMedia');
    if (req.headers.origin !== origin) return refusal(403, 'forbiddenOrigin');
    const body = await readBody(req, config.maxBodyBytes);
    if (body === 'tooLarge') return { ...refusal(413, 'bodyTooLarge'), headers: { connection: 'close' } };
    if (!body) return refusal(400, 'badRequest');
    return route(body);
  }

  return {
    listener(req, res) {
      answer(req)
        .catch(() => refusal(500, 'internal'))
        .then((answered) => reply(res, answered));
    },
    async close() {
      await redis?.close();
    },
  };
}
