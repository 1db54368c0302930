import { describe, expect, it } from 'vitest';
import {
  createOtpFlows,
  createOtpHandler,
  memoryFlowStore,
  type NodeRequestLike,
  socketAddress,
  toNodeListener,
} from '../../src/server/index.ts';
import { uniqueEmail } from '../helpers/flow.ts';
import { handlerOnTestServer } from './requests.ts';

const { input, handler } = await handlerOnTestServer();

interface Written {
  status: number;
  head: Record<string, string | string[]>;
  body: string;
  writes: number;
}

/** Calls `listener` with a request of these parts and the body `text`; resolves to what it wrote. */
function answer(
  listener: ReturnType<typeof toNodeListener>,
  parts: Partial<NodeRequestLike> & { body?: string },
  { throwOnEnd = false } = {},
): Promise<Written> {
  const { body, ...rest } = parts;
  const bytes = body === undefined ? [] : [new TextEncoder().encode(body)];
  const req = Object.assign(
    (async function* () {
      yield* bytes;
    })(),
    { method: 'POST', url: '/otp/start', headers: {}, ...rest },
  );
  return new Promise((resolve) => {
    const written: Written = { status: 0, head: {}, body: '', writes: 0 };
    let ended = 0;
    listener(req, {
      get headersSent() {
        return written.writes > 0;
      },
      writeHead(status, head = {}) {
        written.writes += 1;
        written.status = status;
        written.head = head;
      },
      end(chunk) {
        ended += 1;
        if (chunk) written.body = Buffer.from(chunk).toString();
        if (throwOnEnd && ended === 1) throw new Error('socket gone');
        resolve(written);
      },
    });
  });
}

/** How a request stream's iterator ends: a `return` answering a promise or nothing, or no `return`. */
type Ending = 'promise' | 'nothing' | 'none';

const jsonHeaders = { host: 'app.example', 'content-type': 'application/json' };

describe('toNodeListener over any Fetch handler', () => {
  it('hands a GET or HEAD to the handler without a body, and adds no content-length to a HEAD, 204 or 304', async () => {
    const seen: string[] = [];
    const listener = toNodeListener(async (request) => {
      seen.push(`${request.method} ${new URL(request.url).pathname} ${request.body === null}`);
      const status = Number(new URL(request.url).searchParams.get('status') ?? 200);
      return new Response(status === 200 ? 'hello' : null, { status });
    });
    const get = await answer(listener, { method: 'GET', url: '/page', headers: { host: 'app.example' } });
    expect(get).toEqual({ status: 200, head: expect.any(Object), body: 'hello', writes: 1 });
    expect(get.head['content-length']).toBe('5');
    const head = await answer(listener, { method: 'HEAD', url: '/page', headers: { host: 'app.example' } });
    expect(head.status).toBe(200);
    expect(head.head).not.toHaveProperty('content-length');
    for (const status of [204, 304]) {
      const reply = await answer(listener, {
        method: 'GET',
        url: `/page?status=${status}`,
        headers: { host: 'a' },
      });
      expect(reply.status).toBe(status);
      expect(reply.head, String(status)).not.toHaveProperty('content-length');
    }
    expect(seen).toEqual(['GET /page true', 'HEAD /page true', 'GET /page true', 'GET /page true']);
  });

  it("keeps the handler's own content-length, its cookies as a list, and sets no cookie header without cookies", async () => {
    const listener = toNodeListener(async (request) => {
      const headers = new Headers({ 'content-length': '2', 'x-kind': request.method });
      if (new URL(request.url).pathname === '/cookies') {
        headers.append('set-cookie', 'a=1');
        headers.append('set-cookie', 'b=2');
      }
      return new Response('ok', { headers });
    });
    const cookies = await answer(listener, { method: 'GET', url: '/cookies', headers: { host: 'a' } });
    expect(cookies.head).toMatchObject({
      'content-length': '2',
      'x-kind': 'GET',
      'set-cookie': ['a=1', 'b=2'],
    });
    const none = await answer(listener, { method: 'GET', url: '/none', headers: { host: 'a' } });
    expect(none.head).toEqual({
      'content-length': '2',
      'x-kind': 'GET',
      'content-type': 'text/plain;charset=UTF-8',
    });
  });

  it('passes every value of a repeated header, and a POST body, to the handler', async () => {
    const listener = toNodeListener(async (request) =>
      Response.json({
        forwarded: request.headers.get('x-forwarded-for'),
        none: request.headers.has('x-none'),
        body: await request.text(),
      }),
    );
    const reply = await answer(listener, {
      headers: { host: 'a', 'x-forwarded-for': ['192.0.2.1', '192.0.2.2'], 'x-none': undefined },
      body: '{"a":1}',
    });
    expect(JSON.parse(reply.body)).toEqual({
      forwarded: '192.0.2.1, 192.0.2.2',
      none: false,
      body: '{"a":1}',
    });
  });

  it('answers 500 with no body when the handler throws, and only ends an answer already begun', async () => {
    const failing = toNodeListener(() => Promise.reject(new Error('down')));
    expect(await answer(failing, { headers: { host: 'a' } })).toEqual({
      status: 500,
      head: { 'x-content-type-options': 'nosniff', 'content-length': '0' },
      body: '',
      writes: 1,
    });
    const begun = await answer(toNodeListener(handler), { headers: { host: 'a' } }, { throwOnEnd: true });
    expect(begun.writes).toBe(1);
  });
});

describe('toNodeListener over createOtpHandler', () => {
  it('routes a request without a target to /, and joins a Host given as a list', async () => {
    const listener = toNodeListener(handler);
    const noTarget = await answer(listener, { url: undefined, headers: jsonHeaders });
    expect(noTarget.status).toBe(404);
    expect(JSON.parse(noTarget.body)).toMatchObject({ error: { kind: 'notFound' } });
    const listed = await answer(listener, {
      headers: { ...jsonHeaders, host: ['app.example'] as never },
      body: JSON.stringify({ loginId: uniqueEmail() }),
    });
    expect(listed.status).toBe(200);
    const twoOrigins = await answer(listener, {
      headers: { ...jsonHeaders, origin: ['http://app.example', ''] },
      body: JSON.stringify({ loginId: uniqueEmail() }),
    });
    expect(JSON.parse(twoOrigins.body)).toMatchObject({ error: { kind: 'forbiddenOrigin' } });
    const two = await answer(listener, {
      headers: { ...jsonHeaders, host: ['a.example', 'b.example'] as never },
    });
    expect(JSON.parse(two.body)).toMatchObject({ error: { kind: 'badHost' } });
  });

  it('answers a HEAD with the length of the body it leaves out, and a failing step with its JSON refusal', async () => {
    const head = await answer(toNodeListener(handler), { method: 'HEAD', headers: jsonHeaders });
    expect(head.status).toBe(405);
    expect(head.head['content-length']).toBe(String(Buffer.byteLength(head.body)));
    const throwing = () => Promise.reject(new Error('flows down'));
    const broken = createOtpHandler({
      start: throwing,
      resend: throwing,
      submitCode: throwing,
      cancel: throwing,
    });
    const failed = await answer(toNodeListener(broken), { headers: jsonHeaders, body: '{}' });
    expect(failed.status).toBe(500);
    expect(JSON.parse(failed.body)).toEqual({
      error: { kind: 'internal', message: 'Something went wrong on the server.' },
    });
  });

  it('sets no cookie header on an answer without cookies', async () => {
    const listener = toNodeListener(handler);
    const refused = await answer(listener, { headers: { ...jsonHeaders, 'content-type': 'text/plain' } });
    expect(refused.status).toBe(415);
    expect(refused.head).not.toHaveProperty('set-cookie');
    expect(refused.head['content-length']).toBe(String(Buffer.byteLength(refused.body)));
  });

  it('gives a clientIp option the headers of every value, the method, and no address for an empty one', async () => {
    const seen: unknown[] = [];
    const flows = createOtpFlows({ input, store: memoryFlowStore(), limits: false });
    const listener = toNodeListener(
      createOtpHandler(flows, {
        clientIp: (request) => {
          seen.push([
            request.method,
            request.headers.get('x-forwarded-for'),
            request.headers.has('x-none'),
            socketAddress(request),
          ]);
          return undefined;
        },
      }),
    );
    const body = JSON.stringify({ loginId: uniqueEmail() });
    const headers = { ...jsonHeaders, 'x-forwarded-for': ['192.0.2.1', '192.0.2.2'], 'x-none': undefined };
    expect((await answer(listener, { headers, body, socket: { remoteAddress: '' } })).status).toBe(200);
    expect((await answer(listener, { headers, body, socket: { remoteAddress: '192.0.2.9' } })).status).toBe(
      200,
    );
    expect(seen).toEqual([
      ['POST', '192.0.2.1, 192.0.2.2', false, undefined],
      ['POST', '192.0.2.1, 192.0.2.2', false, '192.0.2.9'],
    ]);
  });
});

describe('toNodeListener stops reading a body it refuses', () => {
  it('ends the request stream of a body too large or too slow', async () => {
    const ended: string[] = [];
    const stream = (name: string, chunks: string[], ending: Ending) => ({
      [Symbol.asyncIterator]: () => ({
        next: () => {
          const chunk = chunks.shift();
          return chunk === undefined
            ? new Promise<IteratorResult<Uint8Array>>(() => {})
            : Promise.resolve({ done: false as const, value: new TextEncoder().encode(chunk) });
        },
        ...(ending === 'none'
          ? {}
          : {
              return: () => {
                ended.push(name);
                const result = Promise.resolve({ done: true as const, value: undefined });
                return (ending === 'nothing' ? undefined : result) as typeof result;
              },
            }),
      }),
    });
    const flows = createOtpFlows({ input, store: memoryFlowStore(), limits: false });
    const listener = toNodeListener(createOtpHandler(flows, { maxBodyBytes: 8, bodyTimeoutMs: 1 }));
    const reply = (name: string, chunks: string[], ending: Ending = 'promise') =>
      new Promise<number>((resolve) => {
        const req = Object.assign(stream(name, chunks, ending), {
          method: 'POST',
          url: '/otp/start',
          headers: jsonHeaders,
        });
        listener(req, { headersSent: false, writeHead: (status) => resolve(status), end: () => {} });
      });
    expect(await reply('large', ['{"loginId"', ':"a@b.co"}'])).toBe(413);
    expect(await reply('slow', ['{'])).toBe(408);
    expect(ended).toEqual(['large', 'slow']);
    expect(await reply('no return', ['{'], 'none')).toBe(408);
    expect(await reply('returns nothing', ['{'], 'nothing')).toBe(408);
    expect(ended).toEqual(['large', 'slow', 'returns nothing']);
  });
});

describe("toNodeListener gives the flows' per-IP limit the socket's address", () => {
  it('counts starts per socket address, directly or through a wrapping handler, and none without an address', async () => {
    const limited = () =>
      createOtpHandler(
        createOtpFlows({
          input,
          store: memoryFlowStore(),
          limits: { perClientIp: { max: 1, windowSeconds: 60 }, perDestination: false },
        }),
      );
    const direct = toNodeListener(limited());
    const inner = limited();
    const wrapped = toNodeListener((request) => inner(request));
    const start = async (listener: ReturnType<typeof toNodeListener>, remoteAddress: string) => {
      const reply = await answer(listener, {
        headers: jsonHeaders,
        body: JSON.stringify({ loginId: uniqueEmail() }),
        socket: { remoteAddress },
      });
      return JSON.parse(reply.body).error?.limit ?? reply.status;
    };
    for (const listener of [direct, wrapped]) {
      expect(await start(listener, '192.0.2.1')).toBe(200);
      expect(await start(listener, '192.0.2.1')).toBe('perClientIp');
      expect(await start(listener, '192.0.2.2')).toBe(200);
      expect(await start(listener, '')).toBe(200);
      expect(await start(listener, '')).toBe(200);
    }
  });
});

describe('toNodeListener and a socket without an address', () => {
  it('gives the bot check no client IP for an empty address, and the address otherwise', async () => {
    const seen: unknown[] = [];
    const flows = createOtpFlows({
      input,
      store: memoryFlowStore(),
      limits: false,
      verifyHuman: ({ clientIp }) => {
        seen.push(clientIp);
        return true;
      },
    });
    const listener = toNodeListener(createOtpHandler(flows));
    for (const remoteAddress of ['', '192.0.2.7']) {
      const body = JSON.stringify({ loginId: uniqueEmail() });
      expect((await answer(listener, { headers: jsonHeaders, body, socket: { remoteAddress } })).status).toBe(
        200,
      );
    }
    expect(seen).toEqual([undefined, '192.0.2.7']);
  });
});
