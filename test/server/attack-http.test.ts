import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OtpInput } from '../../src/index.ts';
import {
  createOtpFlows,
  createOtpHandler,
  memoryFlowStore,
  type OtpHandlerOptions,
} from '../../src/server/index.ts';
import { uniqueEmail } from '../helpers/flow.ts';
import { overTheWire, postOverWire } from './wire.ts';

const { descope, input, serve: serveHandler } = await overTheWire();
const app = 'https://app.example';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: { flowId?: string | null; status?: string | null; error?: { kind: string; field?: string } | null };
}

async function serve(options: OtpHandlerOptions = {}, settings: Partial<OtpInput> = {}): Promise<number> {
  const flows = createOtpFlows({ input: { ...input, ...settings }, limits: false, store: memoryFlowStore() });
  return serveHandler(createOtpHandler(flows, { refreshCookie: { secure: false }, ...options }));
}

let port = 0;
let ownOrigin = 0;

beforeAll(async () => {
  port = await serve({ allowedOrigins: [app], bodyTimeoutMs: 300 });
  ownOrigin = await serve();
});

/** `POST /otp/<route>` over node:http, JSON unless the headers say otherwise. */
function post(
  route: string,
  body: string | object,
  headers: Record<string, string> = {},
  target = port,
): Promise<Reply> {
  return postOverWire({ port: target }, route, body, headers).then((answer) => ({
    status: answer.status,
    headers: answer.headers,
    text: answer.text,
    body: answer.text ? JSON.parse(answer.text) : {},
  }));
}

/** Writes `head` and `chunks` on a raw socket and resolves to the status line of the first answer. */
function raw(head: string, chunks: string[] = []): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (data) => {
      answer += data;
      if (/\r\n\r\n/.test(answer)) socket.destroy();
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.write(head);
    for (const chunk of chunks) socket.write(chunk);
  });
}

const headOf = (length: number | 'chunked') =>
  `POST /otp/start HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
  (length === 'chunked' ? 'Transfer-Encoding: chunked\r\n\r\n' : `Content-Length: ${length}\r\n\r\n`);

const cookieOf = (reply: Reply) => /^(otp-flow=[^;]+)/.exec(String(reply.headers['set-cookie']))?.[1] ?? '';

async function started(loginId = uniqueEmail(), headers: Record<string, string> = {}) {
  const reply = await post('start', { loginId }, headers);
  expect(reply).toMatchObject({ status: 200, body: { status: 'awaitingCode' } });
  return { loginId, flowId: reply.body.flowId as string, cookie: cookieOf(reply) };
}

/** Runs `attack` and checks that the test server received nothing meanwhile. */
async function sendsNothing(attack: () => Promise<unknown>) {
  const before = descope.requests.length;
  await attack();
  expect(descope.requests.slice(before)).toEqual([]);
}

describe('attack: a page on another origin', () => {
  it('a forged Origin of any other shape is refused 403 before the body is read', async () => {
    const own = `http://127.0.0.1:${ownOrigin}`;
    const forged = [
      'https://evil.example',
      'null',
      `https://127.0.0.1:${ownOrigin}`,
      `http://127.0.0.1:${ownOrigin + 1}`,
      `http://localhost:${ownOrigin}`,
      own.toUpperCase(),
      `${own}/`,
      `${own}.evil.example`,
      `http://evil.example@127.0.0.1:${ownOrigin}`,
      `${own}, https://evil.example`,
      '',
    ];
    await sendsNothing(async () => {
      for (const origin of forged) {
        for (const route of ['start', 'verify', 'resend', 'cancel']) {
          const reply = await post(route, { loginId: uniqueEmail() }, { origin }, ownOrigin);
          expect(reply, `${route} ${origin}`).toMatchObject({
            status: 403,
            body: { error: { kind: 'forbiddenOrigin' } },
          });
          expect(reply.text).not.toContain('evil');
        }
      }
    });
    expect((await post('start', { loginId: uniqueEmail() }, { origin: own }, ownOrigin)).status).toBe(200);
  });

  it('the listed origin in another case, with a slash, port or scheme is refused; the listed one passes', async () => {
    await sendsNothing(async () => {
      for (const origin of [
        'HTTPS://APP.EXAMPLE',
        'https://App.Example',
        `${app}/`,
        `${app}:443`,
        `${app}:8443`,
        'http://app.example',
        'https://www.app.example',
        'https://app.example.evil.example',
      ]) {
        const reply = await post('start', { loginId: uniqueEmail() }, { origin });
        expect(reply, origin).toMatchObject({ status: 403, body: { error: { kind: 'forbiddenOrigin' } } });
      }
    });
    expect((await post('start', { loginId: uniqueEmail() }, { origin: app })).status).toBe(200);
  });

  it('Sec-Fetch-Site cross-site or same-site without Origin, or an unknown value, is refused', async () => {
    await sendsNothing(async () => {
      for (const headers of [
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site' },
        { 'sec-fetch-site': 'CROSS-SITE' },
        { 'sec-fetch-site': 'same-origin, cross-site' },
        { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
        { 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' },
        { 'sec-fetch-site': 'none', origin: 'null' },
      ] as Record<string, string>[]) {
        const reply = await post('start', { loginId: uniqueEmail() }, headers);
        expect(reply, JSON.stringify(headers)).toMatchObject({ status: 403 });
      }
    });
  });

  it('accepts Sec-Fetch-Site cross-site only with a listed Origin, and same-origin metadata without Origin', async () => {
    for (const headers of [
      { 'sec-fetch-site': 'cross-site', origin: app },
      { 'sec-fetch-site': 'same-origin' },
      { 'sec-fetch-site': 'none' },
    ] as Record<string, string>[]) {
      expect((await post('start', { loginId: uniqueEmail() }, headers)).status, JSON.stringify(headers)).toBe(
        200,
      );
    }
  });

  it('a form or no-cors body (text/plain, multipart, urlencoded) is refused even without Origin', async () => {
    const code = '{"flowId":"x","code":"123456","x":"="}';
    await sendsNothing(async () => {
      for (const [type, body] of [
        ['text/plain', code],
        ['text/plain;charset=UTF-8', code],
        [
          'multipart/form-data; boundary=b',
          `--b\r\nContent-Disposition: form-data; name="loginId"\r\n\r\na@b.co\r\n--b--`,
        ],
        ['application/x-www-form-urlencoded', 'loginId=a%40b.co'],
        ['application/json-patch+json', code],
        ['application/json, text/plain', code],
      ] as const) {
        for (const origin of [undefined, app, 'https://evil.example']) {
          const headers = { 'content-type': type, ...(origin ? { origin } : {}) };
          const reply = await post('verify', body, headers);
          const kind = origin === 'https://evil.example' ? 'forbiddenOrigin' : 'unsupportedMediaType';
          expect(reply.body.error?.kind, `${type} from ${origin}`).toBe(kind);
        }
      }
    });
  });
});

describe('attack: bodies', () => {
  it('a body over 16 KiB is refused 413, whether or not it declares its length', async () => {
    const huge = JSON.stringify({ loginId: uniqueEmail(), pad: 'x'.repeat(1 << 20) });
    await sendsNothing(async () => {
      expect((await post('start', huge)).body.error?.kind).toBe('bodyTooLarge');
      expect(await raw(headOf(100_000_000), ['{"loginId":"a@b.co"}'])).toBe('HTTP/1.1 413 Payload Too Large');
      const chunk = 'x'.repeat(8192);
      const chunks = Array.from({ length: 64 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      expect(await raw(headOf('chunked'), chunks)).toBe('HTTP/1.1 413 Payload Too Large');
    });
  });

  it('a Content-Length that lies, or a body that never ends, is refused and sends nothing', async () => {
    const body = JSON.stringify({ loginId: uniqueEmail() });
    await sendsNothing(async () => {
      expect(await raw(headOf(5), [body])).toMatch(/^HTTP\/1\.1 400 /);
      expect(await raw(headOf(body.length + 100), [body])).toBe('HTTP/1.1 408 Request Timeout');
      expect(await raw(headOf('chunked'), [`${body.length.toString(16)}\r\n${body}\r\n`])).toBe(
        'HTTP/1.1 408 Request Timeout',
      );
      expect(await raw(headOf('chunked'), ['5\r\n{"log\r\n'])).toBe('HTTP/1.1 408 Request Timeout');
    });
  });

  it('a body that is not one JSON object is 400 badRequest', async () => {
    await sendsNothing(async () => {
      for (const body of ['not json', '[]', '["a@b.co"]', '"a@b.co"', '42', 'null', 'true', '{"a":1}x', '']) {
        expect(await post('start', body), body).toMatchObject({
          status: 400,
          body: { error: { kind: 'badRequest' } },
        });
      }
      const deepArray = `${'['.repeat(8000)}${']'.repeat(8000)}`;
      expect((await post('start', deepArray)).body.error?.kind).toBe('badRequest');
    });
  });

  it('deep nesting inside a field is invalidInput, and only the last of duplicate keys counts', async () => {
    const deep = `${'{"a":'.repeat(2500)}1${'}'.repeat(2500)}`;
    await sendsNothing(async () => {
      const reply = await post('start', `{"loginId":${deep}}`);
      expect(reply).toMatchObject({
        status: 400,
        body: { error: { kind: 'invalidInput', field: 'loginId' } },
      });
    });
    const victim = uniqueEmail();
    const chosen = uniqueEmail();
    const before = descope.requests.length;
    const reply = await post('start', `{"loginId":"${victim}","loginId":"${chosen}"}`);
    expect(reply.status).toBe(200);
    const sent = descope.requests
      .slice(before)
      .map((request) => (request.body as { loginId: string }).loginId);
    expect(sent).toEqual([chosen]);
  });

  it('__proto__ and constructor keys pollute nothing and smuggle no field', async () => {
    const { flowId, cookie, loginId } = await started();
    const code = descope.lastCode(loginId) ?? '';
    await sendsNothing(async () => {
      const smuggled = `{"__proto__":{"polluted":1,"loginId":"${uniqueEmail()}"},"constructor":{"prototype":{"polluted":1}}}`;
      expect((await post('start', smuggled)).body.error).toMatchObject({
        kind: 'invalidInput',
        field: 'loginId',
      });
      const hidden = `{"flowId":"${flowId}","__proto__":{"code":"${code}"}}`;
      expect((await post('verify', hidden, { cookie })).body.error).toMatchObject({
        kind: 'invalidInput',
        field: 'code',
      });
      const flowHidden = `{"__proto__":{"flowId":"${flowId}"},"code":"${code}"}`;
      expect((await post('verify', flowHidden, { cookie })).body.error?.kind).toBe('unknownFlow');
    });
    expect((await post('start', `{"loginId":"${uniqueEmail()}","__proto__":{"polluted":1}}`)).status).toBe(
      200,
    );
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect((await post('verify', { flowId, code }, { cookie })).body.status).toBe('authenticated');
  });
});

describe('attack: odd flow IDs, codes and login IDs', () => {
  it('a flow ID that is not one is 404 unknownFlow, echoed nowhere, and sends nothing', async () => {
    const { flowId, cookie } = await started();
    const odd = [
      { id: flowId },
      [flowId],
      42,
      null,
      true,
      'x'.repeat(10_000),
      `${flowId}\u0000`,
      `${flowId.slice(0, -1)}é`,
      '../../etc/passwd',
      '😀'.repeat(12),
      'AAAAAAAAAAAAAAAAAAAAAAAA',
    ];
    await sendsNothing(async () => {
      for (const value of odd) {
        for (const route of ['verify', 'resend', 'cancel']) {
          const reply = await post(route, { flowId: value, code: '123456' }, { cookie });
          expect(reply, `${route} ${JSON.stringify(value).slice(0, 40)}`).toMatchObject({
            status: 404,
            body: { flowId: null, status: null, error: { kind: 'unknownFlow' } },
          });
          if (typeof value === 'string' && value !== flowId) expect(reply.text).not.toContain(value);
        }
      }
    });
  });

  it('a code that is not codeLength ASCII digits is 400 invalidInput, sends nothing and spends no attempt', async () => {
    const { flowId, cookie, loginId } = await started();
    const code = descope.lastCode(loginId) ?? '';
    const odd = [
      Number(code),
      [code],
      { code },
      null,
      true,
      `${code}0`,
      code.slice(1),
      'x'.repeat(10_000),
      '١٢٣٤٥٦',
      '１２３４５６',
      `${code.slice(0, 5)}\u0000`,
      `${code}\u200b`,
      '12345e',
    ];
    await sendsNothing(async () => {
      for (const value of odd) {
        const reply = await post('verify', { flowId, code: value }, { cookie });
        expect(reply, JSON.stringify(value).slice(0, 40)).toMatchObject({
          status: 400,
          body: { error: { kind: 'invalidInput', field: 'code' } },
        });
      }
    });
    const verified = await post('verify', { flowId, code }, { cookie });
    expect(verified.body).toMatchObject({ status: 'authenticated', error: null });
  });

  it('a login ID that is not a string, too long or no address is 400 invalidInput and sends nothing', async () => {
    await sendsNothing(async () => {
      for (const loginId of [
        { email: 'a@b.co' },
        ['a@b.co'],
        42,
        null,
        '',
        '   ',
        `${'a'.repeat(320)}@b.co`,
        'a b@example.com',
        'a\r\nBcc: x@example.com',
      ]) {
        const reply = await post('start', { loginId });
        expect(reply, JSON.stringify(loginId).slice(0, 40)).toMatchObject({
          status: 400,
          body: { error: { kind: 'invalidInput', field: 'loginId' } },
        });
        expect(reply.headers['set-cookie']).toBeUndefined();
      }
      const channel = await post('start', { loginId: uniqueEmail(), channel: 'voice' });
      expect(channel.body.error).toMatchObject({ kind: 'invalidInput', field: 'channel' });
    });
  });
});

describe('attack: the request line and the refresh token', () => {
  it('a missing or bad Host, or a target that is not a path, is 400 before the handler', async () => {
    const body = JSON.stringify({ loginId: uniqueEmail() });
    const request = (line: string, host: string | null) =>
      `${line}\r\n${host === null ? '' : `Host: ${host}\r\n`}Content-Type: application/json\r\n` +
      `Content-Length: ${body.length}\r\n\r\n${body}`;
    await sendsNothing(async () => {
      for (const [line, host] of [
        ['POST /otp/start HTTP/1.1', null],
        ['POST /otp/start HTTP/1.1', 'evil.example/otp'],
        ['POST /otp/start HTTP/1.1', 'a@evil.example'],
        ['POST http://evil.example/otp/start HTTP/1.1', `127.0.0.1:${port}`],
        ['POST //evil.example/otp/start HTTP/1.1', `127.0.0.1:${port}`],
      ] as const) {
        expect(await raw(request(line, host)), `${line} ${host}`).toBe('HTTP/1.1 400 Bad Request');
      }
    });
  });

  it('a refresh JWT in the body is ignored while the refresh cookie is on', async () => {
    const updates = await serve({}, { operation: 'updateEmail' });
    const loginId = uniqueEmail();
    const { refreshJwt } = await descope.issueSession(loginId);
    await sendsNothing(async () => {
      const reply = await post('start', { loginId, email: uniqueEmail(), refreshJwt }, {}, updates);
      expect(reply.body.error).toMatchObject({ kind: 'invalidInput', field: 'refreshJwt' });
      expect(reply.text).not.toContain(refreshJwt);
    });
  });
});

describe('attack: flow bindings', () => {
  it('a step with no, a wrong, a forged or another browser’s binding is 404 and sends nothing', async () => {
    const victim = await started();
    const other = await started();
    const code = descope.lastCode(victim.loginId) ?? '';
    const binding = victim.cookie.split('=')[1] ?? '';
    expect(binding).toMatch(/^[\w-]{43}$/);
    await sendsNothing(async () => {
      for (const cookie of [
        '',
        other.cookie,
        `otp-flow=${'A'.repeat(43)}`,
        `otp-flow=${binding.slice(0, -1)}`,
        `otp-flow=${binding}x`,
        `${other.cookie}; ${victim.cookie}`,
        `otp-flow2=${binding}`,
      ]) {
        for (const [route, body] of [
          ['verify', { flowId: victim.flowId, code }],
          ['resend', { flowId: victim.flowId }],
          ['cancel', { flowId: victim.flowId }],
          ['verify', { flowId: victim.flowId, code, binding }],
        ] as const) {
          const reply = await post(route, body, cookie ? { cookie } : {});
          expect(reply, `${route} ${cookie}`).toMatchObject({
            status: 404,
            body: { error: { kind: 'unknownFlow' } },
          });
        }
      }
    });
    expect(
      (await post('verify', { flowId: victim.flowId, code }, { cookie: victim.cookie })).body.status,
    ).toBe('authenticated');
  });

  it('without cookies, a binding of another flow or none at all takes no step of a bound flow', async () => {
    const cookieless = await serve({ flowCookie: false });
    const start = async (binding: string) => {
      const loginId = uniqueEmail();
      const reply = await post('start', { loginId, binding }, {}, cookieless);
      expect(reply.headers['set-cookie']).toBeUndefined();
      return { loginId, flowId: reply.body.flowId as string, binding };
    };
    const mine = await start('m'.repeat(43));
    const theirs = await start('t'.repeat(43));
    const code = descope.lastCode(mine.loginId) ?? '';
    await sendsNothing(async () => {
      for (const binding of [undefined, theirs.binding, 42, { binding: mine.binding }, 'short']) {
        const reply = await post('verify', { flowId: mine.flowId, code, binding }, {}, cookieless);
        expect(reply.body.error?.kind, JSON.stringify(binding)).toBe('unknownFlow');
      }
    });
    const verified = await post(
      'verify',
      { flowId: mine.flowId, code, binding: mine.binding },
      {},
      cookieless,
    );
    expect(verified.body.status).toBe('authenticated');
  });
});
