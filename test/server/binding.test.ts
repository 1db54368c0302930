import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { OtpInput } from '../../src/index.ts';
import { createOtpFlows, createOtpHandler, memoryFlowStore } from '../../src/server/index.ts';
import { createTestServer } from '../../src/testing/index.ts';
import { uniqueEmail } from '../helpers/flow.ts';
import { type CookieJar, cookieJar } from '../helpers/http.ts';
import { pathsFor, recordingStore } from './helpers.ts';

const descope = await createTestServer();
afterAll(() => descope.close());

const input: OtpInput = { projectId: descope.projectId, baseUrl: descope.url, resendCooldownMs: 0 };
const handler = createOtpHandler(createOtpFlows({ input }));

async function post(route: string, body: unknown, jar?: CookieJar, target = handler) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (jar?.header()) headers.cookie = jar.header();
  const request = new Request(`https://app.example/otp/${route}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  const response = await target(request);
  jar?.keep(response.headers);
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe('createOtpHandler: each flow is bound to the browser that started it', () => {
  it('refuses the steps of a flow from another cookie jar as unknownFlow, sending and verifying nothing', async () => {
    const victim = cookieJar();
    const attacker = cookieJar();
    const loginId = uniqueEmail();
    const started = await post('start', { loginId }, victim);
    const { flowId } = started.body;
    const code = descope.lastCode(loginId) ?? '';
    expect(victim.get('__Host-otp-flow')).toMatch(/^[\w-]{43}$/);

    await post('start', { loginId: uniqueEmail() }, attacker);
    expect(attacker.get('__Host-otp-flow')).not.toBe(victim.get('__Host-otp-flow'));
    for (const jar of [attacker, undefined]) {
      for (const [route, body] of [
        ['verify', { flowId, code }],
        ['resend', { flowId }],
        ['cancel', { flowId }],
      ] as const) {
        expect(await post(route, body, jar), route).toMatchObject({
          status: 404,
          body: { flowId: null, status: null, error: { kind: 'unknownFlow' } },
        });
      }
    }
    expect(pathsFor(descope, loginId)).toEqual(['/v1/auth/otp/signup-in/email']);
    expect(await post('verify', { flowId, code }, victim)).toMatchObject({
      status: 200,
      body: { status: 'authenticated', session: { user: { email: loginId } } },
    });
  });

  it('reuses one binding per browser, so flows in two tabs both go on', async () => {
    const browser = cookieJar();
    const [first, second] = [uniqueEmail(), uniqueEmail()];
    const one = await post('start', { loginId: first }, browser);
    const binding = browser.get('__Host-otp-flow');
    const two = await post('start', { loginId: second }, browser);
    expect(two.headers.get('set-cookie')).toBeNull();
    expect(browser.get('__Host-otp-flow')).toBe(binding);
    for (const [flow, loginId] of [
      [two, second],
      [one, first],
    ] as const) {
      const code = descope.lastCode(loginId);
      const verified = await post('verify', { flowId: flow.body.flowId, code }, browser);
      expect(verified.body.status).toBe('authenticated');
    }
  });

  it('sets no flow cookie when the start fails, and a new one for a malformed cookie', async () => {
    const browser = cookieJar();
    const refused = await post('start', { loginId: 'not-an-email' }, browser);
    expect(refused.status).toBe(400);
    expect(refused.headers.get('set-cookie')).toBeNull();
    const odd = cookieJar();
    odd.keep(new Headers({ 'set-cookie': '__Host-otp-flow=chosen-by-someone-else' }));
    await post('start', { loginId: uniqueEmail() }, odd);
    expect(odd.get('__Host-otp-flow')).toMatch(/^[\w-]{43}$/);
  });

  it('takes the cookie attributes of the refresh cookie: no Secure for local http', async () => {
    const local = createOtpHandler(createOtpFlows({ input }), {
      refreshCookie: { secure: false, path: '/auth' },
      flowCookie: { name: 'binding' },
    });
    const started = await post('start', { loginId: uniqueEmail() }, undefined, local);
    expect(started.headers.get('set-cookie')).toMatch(
      /^binding=[\w-]{43}; HttpOnly; SameSite=Strict; Path=\/auth$/,
    );
  });

  it('with flowCookie: false, sets no cookie and binds a flow to the binding its client sends in each body', async () => {
    const cookieless = createOtpHandler(createOtpFlows({ input }), { flowCookie: false });
    const loginId = uniqueEmail();
    const binding = 'a-secret-the-app-keeps-1234567890';
    const started = await post('start', { loginId, binding }, undefined, cookieless);
    expect(started.headers.get('set-cookie')).toBeNull();
    const { flowId } = started.body;
    const code = descope.lastCode(loginId);
    const without = await post('verify', { flowId, code }, undefined, cookieless);
    expect(without.body.error.kind).toBe('unknownFlow');
    const wrong = await post('verify', { flowId, code, binding: `${binding}x` }, undefined, cookieless);
    expect(wrong.body.error.kind).toBe('unknownFlow');
    const right = await post('verify', { flowId, code, binding }, undefined, cookieless);
    expect(right.body.status).toBe('authenticated');
  });
});

describe('createOtpFlows: steps take a binding', () => {
  it('keeps only the SHA-256 of the binding and refuses any step without the same binding', async () => {
    const store = recordingStore(memoryFlowStore());
    const flows = createOtpFlows({ input, store });
    const binding = 'b'.repeat(43);
    const loginId = uniqueEmail();
    const step = await flows.start({ loginId, binding });
    expect(step).toMatchObject({ status: 'awaitingCode', error: null });
    const hash = createHash('sha256').update(binding).digest('base64url');
    expect(store.written.at(-1)).toContain(hash);
    for (const text of store.written) expect(text).not.toContain(binding);

    const refused = { flowId: null, status: null, error: { kind: 'unknownFlow' }, view: null };
    const others = [undefined, { binding: 'c'.repeat(43) }, { binding: 42 }, { binding: hash }];
    for (const options of others) {
      expect(await flows.resend(step.flowId, options as never)).toEqual(refused);
      expect(await flows.submitCode(step.flowId, descope.lastCode(loginId) ?? '', options as never)).toEqual(
        refused,
      );
      expect(await flows.cancel(step.flowId, options as never)).toEqual(refused);
    }
    expect(pathsFor(descope, loginId)).toHaveLength(1);
    expect(await flows.resend(step.flowId, { binding })).toMatchObject({
      status: 'awaitingCode',
      error: null,
    });
    expect(store.written.at(-1)).toContain(hash);
    const code = descope.lastCode(loginId) ?? '';
    expect((await flows.submitCode(step.flowId, code, { binding })).status).toBe('authenticated');
  });

  it('refuses a start with a binding that is not a string of 16 to 512 characters', async () => {
    const flows = createOtpFlows({ input });
    const before = descope.requests.length;
    for (const binding of ['short', 'x'.repeat(513), 42, null, { toString: () => 'x'.repeat(43) }]) {
      expect(await flows.start({ loginId: uniqueEmail(), binding: binding as never })).toEqual({
        flowId: null,
        status: null,
        error: { kind: 'invalidInput', field: 'binding' },
        view: null,
      });
    }
    expect(descope.requests.length).toBe(before);
  });
});
