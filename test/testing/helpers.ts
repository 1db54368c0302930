import { expect, onTestFinished } from 'vitest';
import { createTestServer, type TestServer, type TestServerOptions } from '../../src/testing/index.ts';

export interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export interface CallOptions {
  auth?: string | null;
  headers?: Record<string, string>;
  raw?: string;
  signal?: AbortSignal;
}

/** Calls the server with `method`, JSON `body` (or `options.raw`), and `Bearer <projectId>` unless told. */
export const request = async (
  server: Pick<TestServer, 'url' | 'projectId'>,
  method: string,
  path: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<Reply> => {
  const auth = options.auth === undefined ? `Bearer ${server.projectId}` : options.auth;
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(auth === null ? {} : { authorization: auth }),
      ...options.headers,
    },
    body: options.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    signal: options.signal,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? {} : JSON.parse(text) };
};

export const post = (
  server: Pick<TestServer, 'url' | 'projectId'>,
  path: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<Reply> => request(server, 'POST', path, body, options);

export const withRefresh = (server: TestServer, refreshJwt: string) =>
  `Bearer ${server.projectId}:${refreshJwt}`;

export const signIn = async (
  server: TestServer,
  loginId: string,
  method = 'email',
): Promise<{ sessionJwt: string; refreshJwt: string; user: Record<string, unknown> }> => {
  const sent = await post(server, `/v1/auth/otp/signup-in/${method}`, { loginId });
  if (sent.status !== 200) throw new Error(`send failed: ${JSON.stringify(sent.body)}`);
  const verified = await post(server, `/v1/auth/otp/verify/${method}`, {
    loginId,
    code: server.lastCode(loginId),
  });
  if (verified.status !== 200) throw new Error(`verify failed: ${JSON.stringify(verified.body)}`);
  return verified.body as { sessionJwt: string; refreshJwt: string; user: Record<string, unknown> };
};

export const expectError = (reply: Reply, status: number, errorCode: string): void => {
  expect({ status: reply.status, body: reply.body }).toEqual({
    status,
    body: { errorCode, errorDescription: expect.any(String), errorMessage: expect.any(String) },
  });
};

/** A test server closed when the current test finishes. */
export const startScopedServer = async (options?: TestServerOptions): Promise<TestServer> => {
  const server = await createTestServer(options);
  onTestFinished(() => server.close());
  return server;
};

export const fakeClock = (start = Date.UTC(2030, 0, 1)) => {
  let time = start;
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
};
