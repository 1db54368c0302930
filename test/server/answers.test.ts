import { describe, expect, it } from 'vitest';
import { createOtpFlows, createOtpHandler, toNodeListener } from '../../src/server/index.ts';
import { uniqueEmail } from '../helpers/flow.ts';
import { pathsFor } from './helpers.ts';
import { app, handlerOnTestServer, json, send } from './requests.ts';

const { descope, input, flows, handler, sentSince } = await handlerOnTestServer();

describe('createOtpHandler: every input gets a clear answer', () => {
  it('answers 408 when the body does not arrive within bodyTimeoutMs, and sends nothing', async () => {
    const slow = createOtpHandler(flows, { bodyTimeoutMs: 20 });
    const before = descope.requests.length;
    let cancelled = false;
    const neverEnds = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"loginId":'));
      },
      cancel() {
        cancelled = true;
      },
    });
    expect(await send(slow, 'start', { body: neverEnds })).toMatchObject({
      status: 408,
      body: { error: { kind: 'bodyTimeout', message: expect.any(String) } },
    });
    expect(cancelled).toBe(true);
    expect(sentSince(before)).toBe(false);
  });

  it('puts x-content-type-options: nosniff on every answer', async () => {
    const small = createOtpHandler(flows, { maxBodyBytes: 10 });
    const answers = [
      await send(handler, 'start'),
      await send(handler, 'nowhere'),
      await send(handler, 'verify', { body: JSON.stringify({ flowId: 'x', code: '1' }) }),
      await send(handler, 'start', { headers: {} }),
      await send(handler, 'start', { headers: { ...json, origin: 'https://evil.example' } }),
      await send(small, 'start'),
      await send(handler, 'start', { body: 'not json' }),
    ];
    const get = await handler(new Request(`${app}/otp/start`));
    const broken = createOtpHandler({ start: () => Promise.reject(new Error('boom')) } as never);
    const internal = await send(broken, 'start');
    expect(internal.status).toBe(500);
    expect([...answers.map((answer) => answer.status), get.status]).toEqual([
      200, 404, 404, 415, 403, 413, 400, 405,
    ]);
    for (const headers of [...answers, internal].map((answer) => answer.headers).concat(get.headers))
      expect(headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('never echoes a flow ID it did not make, nor any other field of the request', async () => {
    const probes = [
      '<script>alert(1)</script>',
      'AAAAAAAAAAAAAAAAAAAAAAAA',
      { toString: () => 'evil' },
      ['x'],
      42,
      null,
    ];
    for (const flowId of probes) {
      for (const route of ['resend', 'verify', 'cancel']) {
        const reply = await send(handler, route, { body: JSON.stringify({ flowId, code: '123456' }) });
        expect(reply, `${route} ${JSON.stringify(flowId)}`).toMatchObject({
          status: 404,
          body: { flowId: null, status: null, error: { kind: 'unknownFlow' } },
        });
        expect(reply.text).not.toMatch(/script|AAAAAAAA|evil/);
      }
    }
  });

  it('answers non-string fields with 400 invalidInput and sends nothing', async () => {
    const before = descope.requests.length;
    const odd = [{ toString: () => 'ada@example.com' }, ['ada@example.com'], 5, null, true];
    for (const value of odd) {
      for (const field of ['loginId', 'channel', 'email', 'phone']) {
        const body = JSON.stringify({ loginId: uniqueEmail(), [field]: value });
        const reply = await send(handler, 'start', { body });
        expect(reply, `${field} ${JSON.stringify(value)}`).toMatchObject({
          status: 400,
          body: { error: { kind: 'invalidInput', field } },
        });
      }
    }
    expect(sentSince(before)).toBe(false);
  });

  it('refuses login IDs longer than Descope accepts: 320 characters, 15 phone digits', async () => {
    const before = descope.requests.length;
    const long = `${'a'.repeat(309)}@example.com`;
    expect(long.length).toBe(321);
    expect(await send(handler, 'start', { body: JSON.stringify({ loginId: long }) })).toMatchObject({
      status: 400,
      body: { error: { kind: 'invalidInput', field: 'loginId' } },
    });
    const phones = createOtpHandler(createOtpFlows({ input: { ...input, channel: 'sms' } }));
    expect(
      await send(phones, 'start', { body: JSON.stringify({ loginId: '+1415555010012345' }) }),
    ).toMatchObject({
      status: 400,
      body: { error: { kind: 'invalidInput', field: 'loginId' } },
    });
    const updates = createOtpHandler(createOtpFlows({ input: { ...input, operation: 'updateEmail' } }));
    const newEmail = JSON.stringify({ loginId: uniqueEmail(), email: long });
    expect(
      await send(updates, 'start', { body: newEmail, headers: { ...json, cookie: 'DSR=r.j.t' } }),
    ).toMatchObject({
      status: 400,
      body: { error: { kind: 'invalidInput', field: 'email' } },
    });
    expect(sentSince(before)).toBe(false);
    const longest = `${'a'.repeat(308)}@example.com`;
    expect((await send(handler, 'start', { body: JSON.stringify({ loginId: longest }) })).status).toBe(200);
  });

  it('answers a resend during the cooldown with the same error in error and view.error', async () => {
    const cooled = createOtpHandler(createOtpFlows({ input: { ...input, resendCooldownMs: 60_000 } }));
    const started = await send(cooled, 'start');
    const cookie = (started.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const body = JSON.stringify({ flowId: started.body.flowId });
    const resent = await send(cooled, 'resend', { body, headers: { ...json, cookie } });
    expect(resent).toMatchObject({ status: 429, body: { error: { kind: 'rateLimited' } } });
    expect(resent.body.view.error).toEqual(resent.body.error);
    expect(resent.headers.get('retry-after')).toBe(String(Math.ceil(resent.body.error.retryAfterMs / 1000)));
  });

  it("keeps a Descope 503's Retry-After on its answer", async () => {
    const loginId = uniqueEmail();
    descope.fault({
      kind: 'status',
      status: 503,
      retryAfterSeconds: 42,
      path: '/v1/auth/otp/signup-in/email',
    });
    const reply = await send(handler, 'start', { body: JSON.stringify({ loginId }) });
    expect(reply).toMatchObject({ status: 503, body: { error: { kind: 'server', status: 503 } } });
    expect(reply.headers.get('retry-after')).toBe('42');
    expect(pathsFor(descope, loginId)).toHaveLength(1);
  });
});

describe('toNodeListener: the request URL', () => {
  it('answers 400 badHost without reaching the handler, and is https: on a TLS connection', async () => {
    let reached = 0;
    const listener = toNodeListener(async (request) => {
      reached += 1;
      return handler(request);
    });
    const answer = (headers: Record<string, string>, url = '/otp/start', socket = {}) =>
      new Promise<{ status: number; headers: Record<string, string | string[]>; body: string }>((resolve) => {
        const chunks: Uint8Array[] = [];
        let status = 0;
        let written: Record<string, string | string[]> = {};
        const req = Object.assign((async function* () {})(), { method: 'POST', url, headers, socket });
        listener(req, {
          headersSent: false,
          writeHead(code, head = {}) {
            status = code;
            written = head;
          },
          end(body) {
            if (body) chunks.push(body);
            resolve({ status, headers: written, body: Buffer.concat(chunks).toString() });
          },
        });
      });
    for (const [headers, url] of [
      [{ 'content-type': 'application/json' }, '/otp/start'],
      [{ host: 'evil.example/x', 'content-type': 'application/json' }, '/otp/start'],
      [{ host: 'app.example', 'content-type': 'application/json' }, 'http://evil.example/otp/start'],
      [{ host: 'app.example', 'content-type': 'application/json' }, '//evil.example/otp/start'],
    ] as const) {
      const reply = await answer(headers, url);
      expect(reply.status, JSON.stringify(headers)).toBe(400);
      expect(JSON.parse(reply.body)).toMatchObject({ error: { kind: 'badHost' } });
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
    }
    expect(reached).toBe(0);

    const fromPage = {
      host: 'app.example',
      origin: 'https://app.example',
      'content-type': 'application/json',
    };
    expect((await answer(fromPage, '/otp/start', { encrypted: true })).status).toBe(400);
    expect(JSON.parse((await answer(fromPage)).body)).toMatchObject({ error: { kind: 'forbiddenOrigin' } });
    expect(reached).toBe(2);
  });
});
