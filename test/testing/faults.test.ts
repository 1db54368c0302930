import { describe, expect, it } from 'vitest';
import { gate } from '../helpers/gate.ts';
import { until } from '../helpers/wait.ts';
import { expectError, post, startScopedServer } from './helpers.ts';

const SEND = '/v1/auth/otp/signup-in/email';
const VERIFY = '/v1/auth/otp/verify/email';
const body = { loginId: 'fault@example.com' };

describe('fault injection', () => {
  it('status: answers the status with an error body and leaves the state alone', async () => {
    const server = await startScopedServer();
    server.fault({ kind: 'status', status: 503, errorCode: 'E999503', errorDescription: 'Down' });
    const reply = await post(server, SEND, body);
    expect(reply.status).toBe(503);
    expect(reply.body).toEqual({
      errorCode: 'E999503',
      errorDescription: 'Down',
      errorMessage: expect.any(String),
    });
    expect(server.deliveries).toHaveLength(0);
    expect(server.findUser(body.loginId)).toBeUndefined();
    expect(server.requests).toHaveLength(1);
    expect((await post(server, SEND, body)).status).toBe(200);
  });

  it('status 429: answers the rate-limit body with Retry-After', async () => {
    const server = await startScopedServer();
    server.fault({ kind: 'status', status: 429, retryAfterSeconds: 7 });
    const reply = await post(server, SEND, body);
    expectError(reply, 429, 'E130429');
    expect(reply.headers.get('retry-after')).toBe('7');
  });

  it('delay: answers normally after delayMs', async () => {
    const server = await startScopedServer();
    server.fault({ kind: 'delay', delayMs: 80 });
    const started = performance.now();
    const reply = await post(server, SEND, body);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    expect(reply.status).toBe(200);
    expect(server.lastCode(body.loginId)).toBeDefined();
  });

  it('delay until: holds the request until the gate opens, then answers normally', async () => {
    const server = await startScopedServer();
    const held = gate();
    server.fault({ kind: 'delay', until: held.promise });
    const pending = post(server, SEND, body);
    await until(() => server.openRequests() === 1 && server.requests.length === 1);
    expect(server.deliveries).toHaveLength(0);
    held.open();
    expect((await pending).status).toBe(200);
    expect(server.deliveries).toHaveLength(1);
  });

  it('delay: a client abort closes the request and cancels the send', async () => {
    const server = await startScopedServer();
    const held = gate();
    server.fault({ kind: 'delay', until: held.promise });
    const controller = new AbortController();
    const pending = post(server, SEND, body, { signal: controller.signal });
    await until(() => server.openRequests() === 1 && server.requests.length === 1);
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    await until(() => server.openRequests() === 0);
    held.open();
    await held.promise;
    expect((await post(server, SEND, { loginId: 'other@example.com' })).status).toBe(200);
    expect(server.deliveries.map((delivery) => delivery.loginId)).toEqual(['other@example.com']);
  });

  it('hang: stays open until the client aborts', async () => {
    const server = await startScopedServer();
    server.fault({ kind: 'hang' });
    const controller = new AbortController();
    const pending = post(server, SEND, body, { signal: controller.signal });
    await until(() => server.openRequests() === 1 && server.requests.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.openRequests()).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    await until(() => server.openRequests() === 0);
    expect((await post(server, SEND, body)).status).toBe(200);
    expect(server.openRequests()).toBe(0);
  });

  it('drop: destroys the connection so fetch rejects', async () => {
    const server = await startScopedServer();
    server.fault({ kind: 'drop' });
    await expect(post(server, SEND, body)).rejects.toThrow(TypeError);
    expect(server.requests).toHaveLength(1);
    await until(() => server.openRequests() === 0);
    expect(server.deliveries).toHaveLength(0);
  });

  it('html: answers a 502 HTML page', async () => {
    const server = await startScopedServer();
    server.fault({ kind: 'html' });
    server.fault({ kind: 'html', status: 504 });
    const response = await fetch(`${server.url}${SEND}`, { method: 'POST', body: JSON.stringify(body) });
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toMatch(/^<html>[\s\S]*Bad Gateway[\s\S]*<\/html>/);
    await expect(post(server, SEND, body)).rejects.toThrow(SyntaxError);
  });

  it('empty: answers an empty body, 200 unless told', async () => {
    const server = await startScopedServer();
    server.fault({ kind: 'empty' });
    server.fault({ kind: 'empty', status: 503, retryAfterSeconds: 2 });
    const first = await fetch(`${server.url}${SEND}`, { method: 'POST', body: JSON.stringify(body) });
    expect(first.status).toBe(200);
    expect(await first.text()).toBe('');
    const second = await fetch(`${server.url}${SEND}`, { method: 'POST', body: JSON.stringify(body) });
    expect([second.status, second.headers.get('retry-after'), await second.text()]).toEqual([503, '2', '']);
    expect(server.deliveries).toHaveLength(0);
  });

  it('takes faults in order, by path, times included', async () => {
    const server = await startScopedServer();
    server.fault({ path: '/v1/auth/otp/verify', kind: 'status', status: 500, times: 2 });
    server.fault({ path: /signup-in/, kind: 'status', status: 502 });
    expect((await post(server, SEND, body)).status).toBe(502);
    expect((await post(server, SEND, body)).status).toBe(200);
    const verify = { ...body, code: server.lastCode(body.loginId) };
    expect((await post(server, VERIFY, verify)).status).toBe(500);
    expect((await post(server, VERIFY, verify)).status).toBe(500);
    expect((await post(server, VERIFY, verify)).status).toBe(200);
  });

  it('keeps a fault of Infinity times until clearFaults', async () => {
    const server = await startScopedServer();
    server.fault({ kind: 'status', status: 500, times: Number.POSITIVE_INFINITY });
    for (let i = 0; i < 5; i++) expect((await post(server, SEND, body)).status).toBe(500);
    server.clearFaults();
    expect((await post(server, SEND, body)).status).toBe(200);
    expect(() => server.fault({ kind: 'hang', times: 0 })).toThrow(RangeError);
  });

  it('does not fault preflights', async () => {
    const server = await startScopedServer();
    server.fault({ kind: 'status', status: 500 });
    expect((await fetch(`${server.url}${SEND}`, { method: 'OPTIONS' })).status).toBe(204);
    expect((await post(server, SEND, body)).status).toBe(500);
  });
});
