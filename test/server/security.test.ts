import { describe, expect, it } from 'vitest';
import { createOtpHandler } from '../../src/server/index.ts';
import { app, handlerOnTestServer, json, send } from './requests.ts';

const { descope, flows, handler, sentSince } = await handlerOnTestServer();

describe('createOtpHandler: refuses cross-site requests before anything else', () => {
  it('accepts only application/json (charset allowed), else 415 and nothing sent', async () => {
    const before = descope.requests.length;
    for (const type of [
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonx',
      '',
    ]) {
      const headers: Record<string, string> = type ? { 'content-type': type } : {};
      expect(await send(handler, 'verify', { headers }), type).toMatchObject({
        status: 415,
        body: { error: { kind: 'unsupportedMediaType', message: expect.any(String) } },
      });
    }
    expect(sentSince(before)).toBe(false);
    const charset = await send(handler, 'start', {
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
    });
    expect(charset).toMatchObject({ status: 200, body: { status: 'awaitingCode' } });
  });

  it('refuses another Origin, Origin null and Sec-Fetch-Site cross-site or same-site from another origin: 403', async () => {
    const before = descope.requests.length;
    const refused: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: 'http://app.example' },
      { origin: 'https://app.example:8443' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      { 'sec-fetch-site': 'none', origin: 'https://evil.example' },
      { 'sec-fetch-site': 'something-new' },
    ];
    for (const headers of refused) {
      const reply = await send(handler, 'start', { headers: { ...json, ...headers } });
      expect(reply, JSON.stringify(headers)).toMatchObject({
        status: 403,
        body: { error: { kind: 'forbiddenOrigin', message: expect.any(String) } },
      });
      expect(reply.text).not.toContain('evil');
    }
    expect(sentSince(before)).toBe(false);
  });

  it('accepts its own origin, same-origin fetches, user navigation and clients that send neither header', async () => {
    const allowed: Record<string, string>[] = [
      {},
      { origin: app },
      { 'sec-fetch-site': 'same-origin' },
      { 'sec-fetch-site': 'same-origin', origin: app },
      { 'sec-fetch-site': 'none' },
    ];
    for (const headers of allowed) {
      const reply = await send(handler, 'start', { headers: { ...json, ...headers } });
      expect(reply.status, JSON.stringify(headers)).toBe(200);
    }
  });

  it('accepts the listed allowedOrigins instead, also cross-site, and nothing else', async () => {
    const behindProxy = createOtpHandler(flows, {
      allowedOrigins: ['https://www.example.com', 'https://admin.other.example/'],
    });
    const internal = 'http://10.0.0.7:8080/otp/start';
    const from = (origin: string, site: string) => ({ ...json, origin, 'sec-fetch-site': site });
    expect(
      (
        await send(behindProxy, 'start', {
          url: internal,
          headers: from('https://www.example.com', 'same-origin'),
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await send(behindProxy, 'start', {
          url: internal,
          headers: from('https://admin.other.example', 'cross-site'),
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await send(behindProxy, 'start', {
          url: internal,
          headers: from('http://10.0.0.7:8080', 'same-origin'),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await send(behindProxy, 'start', {
          url: internal,
          headers: from('https://evil.example', 'cross-site'),
        })
      ).status,
    ).toBe(403);
    expect(() => createOtpHandler(flows, { allowedOrigins: ['https://app.example/path'] })).toThrow(
      TypeError,
    );
    expect(() => createOtpHandler(flows, { allowedOrigins: ['*'] })).toThrow(TypeError);
    expect(() => createOtpHandler(flows, { allowedOrigins: 'https://app.example' as never })).toThrow(
      TypeError,
    );
  });

  it('refuses a Host header that is not a host: 400, nothing sent', async () => {
    const before = descope.requests.length;
    for (const host of ['evil.example/path', 'a b', 'user@evil.example', '', 'x'.repeat(300)]) {
      const reply = await send(handler, 'start', { headers: { ...json, host } });
      expect(reply, host).toMatchObject({ status: 400, body: { error: { kind: 'badHost' } } });
    }
    expect(sentSince(before)).toBe(false);
  });
});
