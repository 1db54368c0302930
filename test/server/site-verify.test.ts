import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtpFlows, memoryFlowStore, siteVerify } from '../../src/server/index.ts';
import { createTestServer } from '../../src/testing/index.ts';
import { uniqueEmail } from '../helpers/flow.ts';
import { pathsFor } from './helpers.ts';

type Answer = (req: IncomingMessage, res: ServerResponse) => void;

const received: URLSearchParams[] = [];
const hanging = new Set<ServerResponse>();
let answer: Answer = (_req, res) => res.end();
const server = createServer((req, res) => {
  let text = '';
  req.on('data', (chunk) => (text += chunk));
  req.on('end', () => {
    received.push(new URLSearchParams(text));
    answer(req, res);
  });
});
let url = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/siteverify`;
});
afterAll(async () => {
  for (const res of hanging) res.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const json =
  (status: number, body: string): Answer =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  };

const check = { token: 'widget-answer', clientIp: '192.0.2.5', loginId: 'ada@example.com', channel: 'email' };

describe('siteVerify: the siteverify protocol of Turnstile, hCaptcha and reCAPTCHA', () => {
  it('posts the secret, the token and the client IP as a form and passes { success: true }', async () => {
    answer = json(200, '{"success":true,"challenge_ts":"2026-01-01T00:00:00Z","hostname":"app.test"}');
    received.length = 0;
    expect(await siteVerify({ secret: 'site-secret', url })(check)).toBe(true);
    expect(Object.fromEntries(received[0] ?? [])).toEqual({
      secret: 'site-secret',
      response: 'widget-answer',
      remoteip: '192.0.2.5',
    });
    await siteVerify({ secret: 'site-secret', url, sendRemoteIp: false })(check);
    expect(received[1]?.has('remoteip')).toBe(false);
  });

  it.each([
    ['success false', json(200, '{"success":false,"error-codes":["invalid-input-response"]}')],
    ['success as a string', json(200, '{"success":"true"}')],
    ['an HTML page', json(200, '<html>Just a moment...</html>')],
    ['an empty body', json(200, '')],
    ['a JSON array', json(200, '[true]')],
    ['a 500 with success', json(500, '{"success":true}')],
    ['a dropped connection', (_req: IncomingMessage, res: ServerResponse) => res.socket?.destroy()],
  ])('refuses %s', async (_name, reply) => {
    answer = reply;
    expect(await siteVerify({ secret: 'site-secret', url })(check)).toBe(false);
  });

  it('refuses when no answer comes before the timeout, and when the body never ends', async () => {
    answer = (_req, res) => hanging.add(res);
    expect(await siteVerify({ secret: 'site-secret', url, timeoutMs: 200 })(check)).toBe(false);
    answer = (_req, res) => {
      hanging.add(res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"success":');
    };
    expect(await siteVerify({ secret: 'site-secret', url, timeoutMs: 200 })(check)).toBe(false);
  });

  it('refuses a missing, empty or oversized token without a request', async () => {
    answer = json(200, '{"success":true}');
    received.length = 0;
    const verify = siteVerify({ secret: 'site-secret', url });
    for (const token of [undefined, '', 'x'.repeat(5000)])
      expect(await verify({ ...check, token })).toBe(false);
    expect(received).toHaveLength(0);
  });

  it('takes a token of 4096 characters and no more, and sends no empty client IP', async () => {
    answer = json(200, '{"success":true}');
    received.length = 0;
    const verify = siteVerify({ secret: 'site-secret', url });
    expect(await verify({ ...check, token: 'x'.repeat(4096), clientIp: '' })).toBe(true);
    expect(received).toHaveLength(1);
    expect(received[0]?.get('response')).toHaveLength(4096);
    expect(received[0]?.has('remoteip')).toBe(false);
    expect(await verify({ ...check, clientIp: undefined })).toBe(true);
    expect(received[1]?.has('remoteip')).toBe(false);
    expect(await verify({ ...check, token: 'x'.repeat(4097) })).toBe(false);
    expect(await verify({ ...check, token: 42 as never })).toBe(false);
    expect(await verify({ ...check, token: ['x'] as never })).toBe(false);
    expect(received).toHaveLength(2);
  });

  it('does not follow a redirect', async () => {
    answer = (req, res) => {
      if (req.url === '/moved') return json(200, '{"success":true}')(req, res);
      res.writeHead(302, { location: '/moved' });
      res.end();
    };
    received.length = 0;
    expect(await siteVerify({ secret: 'site-secret', url })(check)).toBe(false);
    expect(received).toHaveLength(1);
  });

  it('refuses to be made without a secret or with a URL that is not one', () => {
    for (const secret of ['', 42, undefined])
      expect(() => siteVerify({ secret: secret as string, url })).toThrow(
        new TypeError('siteVerify needs a secret'),
      );
    expect(() => siteVerify({ secret: '', url })).toThrow(TypeError);
    expect(() => siteVerify({ secret: 'site-secret', url: 'not a url' })).toThrow(TypeError);
  });

  it('guards the sends of createOtpFlows: a failed check sends nothing, a passed one sends', async () => {
    const descope = await createTestServer();
    try {
      const flows = createOtpFlows({
        input: { projectId: descope.projectId, baseUrl: descope.url },
        store: memoryFlowStore(),
        verifyHuman: siteVerify({ secret: 'site-secret', url }),
      });
      const loginId = uniqueEmail();
      answer = json(200, '{"success":false}');
      expect(await flows.start({ loginId, captchaToken: 'widget-answer' })).toMatchObject({
        error: { kind: 'botCheckFailed' },
      });
      expect(await flows.start({ loginId })).toMatchObject({ error: { kind: 'botCheckFailed' } });
      expect(pathsFor(descope, loginId)).toEqual([]);
      answer = json(200, '{"success":true}');
      expect((await flows.start({ loginId, captchaToken: 'widget-answer' })).error).toBeNull();
      expect(pathsFor(descope, loginId)).toHaveLength(1);
    } finally {
      await descope.close();
    }
  });
});
