import { afterAll } from 'vitest';
import type { OtpInput } from '../../src/index.ts';
import { createOtpFlows, createOtpHandler, memoryFlowStore } from '../../src/server/index.ts';
import { createTestServer, type TestServer } from '../../src/testing/index.ts';
import { uniqueEmail } from '../helpers/flow.ts';

/** The origin the tests' app is served from. */
export const app = 'https://app.example';
export const json = { 'content-type': 'application/json' };

/** `POST <app>/otp/<route>` to a handler, by default a start for a new login ID sent as JSON. */
export async function send(
  target: (request: Request) => Promise<Response>,
  route: string,
  init: { headers?: Record<string, string>; body?: BodyInit; url?: string } = {},
) {
  const body = init.body ?? JSON.stringify({ loginId: uniqueEmail() });
  const request = new Request(init.url ?? `${app}/otp/${route}`, {
    method: 'POST',
    headers: init.headers ?? json,
    body,
    duplex: 'half',
  } as RequestInit);
  const response = await target(request);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text || 'null') };
}

/** Whether a step reached the test server since `before` requests. */
export const sentSince = (descope: TestServer, before: number) => descope.requests.length > before;

/** A test server closed after the file, and a handler over a memory store that resends without cooldown. */
export async function handlerOnTestServer() {
  const descope = await createTestServer();
  afterAll(() => descope.close());
  const input: OtpInput = { projectId: descope.projectId, baseUrl: descope.url, resendCooldownMs: 0 };
  const flows = createOtpFlows({ input, store: memoryFlowStore() });
  const handler = createOtpHandler(flows);
  return { descope, input, flows, handler, sentSince: (before: number) => sentSince(descope, before) };
}
