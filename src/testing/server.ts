import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, rateLimited } from './errors.ts';
import { FaultQueue, faultBody } from './faults.ts';
import {
  flattenHeaders,
  type ParsedBody,
  parseBody,
  readBody,
  sendEmpty,
  sendHtml,
  sendJson,
  sendPreflight,
} from './http.ts';
import { RateLimiter } from './rate-limit.ts';
import { type RouteContext, route } from './routes.ts';
import { issueSession } from './shortcuts.ts';
import { Store } from './store.ts';
import { Tokens } from './tokens.ts';
import type { DeliveredCode, FaultSpec, RecordedRequest, TestServer, TestServerOptions } from './types.ts';

const DEFAULT_PROJECT_ID = 'P2aAc4T2V93bddihGEx2Ryhc8e5Z';

const positive = (name: string, value: number, integer = true): number => {
  if (!(value > 0) || (integer && !Number.isInteger(value))) {
    throw new RangeError(`${name} must be a positive ${integer ? 'integer' : 'number'}, got ${value}`);
  }
  return value;
};

/**
 * Starts a Descope-compatible OTP server on plain HTTP, for tests and local development.
 * Codes are never sent anywhere: read them with `lastCode()`, `deliveries` or `onDeliver`.
 * `TestServer` lists the error answers, including the codes chosen where Descope documents none.
 */
export const createTestServer = async (options: TestServerOptions = {}): Promise<TestServer> => {
  const now = options.now ?? Date.now;
  const projectId = options.projectId ?? DEFAULT_PROJECT_ID;
  const codeLength = positive('codeLength', options.codeLength ?? 6);
  if (codeLength > 12) throw new RangeError(`codeLength must be at most 12, got ${codeLength}`);
  const codeTtlMs = positive('codeTtlMs', options.codeTtlMs ?? 300_000, false);
  const maxAttempts = positive('maxAttempts', options.maxAttempts ?? 3);
  const sessionTtlSeconds = positive('sessionTtlSeconds', options.sessionTtlSeconds ?? 600);
  const refreshTtlSeconds = positive('refreshTtlSeconds', options.refreshTtlSeconds ?? 30 * 24 * 3600);
  const limiter = options.rateLimit
    ? new RateLimiter(
        {
          max: positive('rateLimit.max', options.rateLimit.max),
          windowMs: positive('rateLimit.windowMs', options.rateLimit.windowMs, false),
        },
        now,
      )
    : undefined;

  const store = new Store(now, codeLength);
  for (const seed of options.users ?? []) {
    if (store.findByLoginId(seed.loginId)) throw new Error(`Duplicate seeded login ID ${seed.loginId}`);
    store.createUser(seed);
  }
  const tokens = new Tokens({ projectId, now, sessionTtlSeconds, refreshTtlSeconds });
  const managementKey = options.managementKey;
  if (managementKey !== undefined && (typeof managementKey !== 'string' || managementKey === ''))
    throw new TypeError('managementKey must be a non-empty string');
  const faults = new FaultQueue();
  const requests: RecordedRequest[] = [];
  const deliveries: DeliveredCode[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const open = new Set<ServerResponse>();

  const ctx: RouteContext = {
    projectId,
    store,
    tokens,
    now,
    codeTtlMs,
    maxAttempts,
    refreshTtlSeconds,
    managementKey,
    deliver(delivery) {
      deliveries.push(delivery);
      options.onDeliver?.(delivery);
    },
  };

  const answer = (req: IncomingMessage, res: ServerResponse, path: string, parsed: ParsedBody) => {
    const retryAfter = limiter?.retryAfterSeconds(req.socket.remoteAddress ?? '');
    if (retryAfter !== undefined) {
      const error = rateLimited(retryAfter);
      return sendJson(req, res, error.status, error.body, error.headers);
    }
    const { body, malformed } = parsed;
    route(ctx, {
      method: req.method ?? 'GET',
      path,
      authorization: req.headers.authorization,
      body,
      malformed,
    })
      .then((result) => sendJson(req, res, result.status, result.body))
      .catch((error: unknown) => {
        if (error instanceof ApiError) return sendJson(req, res, error.status, error.body, error.headers);
        sendJson(req, res, 500, {
          errorCode: 'E000500',
          errorDescription: 'Internal error',
          errorMessage: error instanceof Error ? error.message : String(error),
        });
      });
  };

  const applyFault = (fault: FaultSpec, req: IncomingMessage, res: ServerResponse, proceed: () => void) => {
    const headers: Record<string, string> =
      fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
    switch (fault.kind) {
      case 'status':
        return sendJson(req, res, fault.status ?? 500, faultBody(fault), headers);
      case 'delay': {
        if (fault.until) {
          const go = () => {
            if (open.has(res)) proceed();
          };
          Promise.resolve(fault.until).then(go, go);
          return;
        }
        const timer = setTimeout(() => {
          timers.delete(timer);
          proceed();
        }, fault.delayMs ?? 1000);
        timers.add(timer);
        res.on('close', () => {
          clearTimeout(timer);
          timers.delete(timer);
        });
        return;
      }
      case 'hang':
        return;
      case 'drop':
        req.socket.destroy();
        return;
      case 'html':
        return sendHtml(req, res, fault.status ?? 502, headers);
      case 'empty':
        return sendEmpty(req, res, fault.status ?? 200, headers);
    }
  };

  const server = createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    readBody(req, (text) => {
      if (res.destroyed) return;
      const path = (req.url ?? '/').split(/[?#]/, 1)[0]!;
      const parsed = parseBody(text);
      requests.push({
        method: req.method ?? 'GET',
        path,
        headers: flattenHeaders(req),
        body: parsed.body,
        at: now(),
      });
      if (req.method === 'OPTIONS') return sendPreflight(req, res);
      const proceed = () => answer(req, res, path, parsed);
      const fault = faults.take(path);
      if (fault) return applyFault(fault, req, res, proceed);
      proceed();
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1', backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;

  const url = `http://${host}:${address.port}`;

  return {
    url,
    projectId,
    requests,
    deliveries,
    users: store.users,
    get publicKey() {
      return tokens.keys.current.publicKey;
    },
    jwks: () => tokens.keys.jwks(),
    keySetUrl: `${url}/v2/keys/${projectId}`,
    rotateKeys: () => tokens.keys.rotate(),
    issueSession: (loginId, sessionOptions) => issueSession(ctx, loginId, sessionOptions),
    lastCode: (loginId) => store.code(loginId)?.code,
    findUser: (loginId) => store.findByLoginId(loginId),
    fault: (spec) => faults.add(spec),
    clearFaults: () => faults.clear(),
    openRequests: () => open.size,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        faults.clear();
        server.close(() => resolve());
        server.closeAllConnections();
        for (const res of open) res.destroy();
        open.clear();
      });
      return closing;
    },
  };
};
