import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generate } from 'selfsigned';
import { afterEach, describe, expect, it } from 'vitest';
import { serverFetch } from '../../src/server/transport.ts';

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
  port: number | undefined;
}

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((done) => server?.close(done) ?? done(undefined));
  server = undefined;
});

type Answer = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * An HTTP server on 127.0.0.1 answering with `answer` (over TLS with `tls`' key and certificate); what it
 * received is in `seen`.
 */
async function listen(answer: Answer, tls?: { key: string; cert: string }) {
  const seen: Seen[] = [];
  const make = (handle: Answer) => (tls ? createTlsServer(tls, handle) : createServer(handle));
  server = make(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { method, url, headers } = req;
    seen.push({ method, url, headers, body: Buffer.concat(chunks).toString(), port: req.socket.remotePort });
    answer(req, res);
  });
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, seen };
}

/** A self-signed certificate for 127.0.0.1, and the file it is written to. */
async function certificate() {
  const altNames = [{ type: 7 as const, ip: '127.0.0.1' }];
  const { private: key, cert } = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames }],
  });
  const file = join(mkdtempSync(join(tmpdir(), 'otp-tls-')), 'cert.pem');
  writeFileSync(file, cert);
  return { key, cert, file };
}

const post = (url: string, init: RequestInit = {}) =>
  serverFetch(`${url}/v1/path?x=1`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer P1' },
    body: '{"loginId":"ada@example.com"}',
    ...init,
  });

describe('serverFetch', () => {
  it('sends the method, path, headers and body, and answers the status, every header and the body', async () => {
    const { url, seen } = await listen((_, res) => {
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.writeHead(201, 'Made', { 'content-type': 'application/json', 'x-one': 'é' });
      res.end('{"ok":true,"name":"Åda"}');
    });
    const response = await post(url);
    expect(response).toBeInstanceOf(Response);
    expect([response.status, response.statusText, response.ok]).toEqual([201, 'Made', true]);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect([...response.headers.keys()].sort()).toEqual([
      'connection',
      'content-type',
      'date',
      'keep-alive',
      'set-cookie',
      'set-cookie',
      'transfer-encoding',
      'x-one',
    ]);
    expect(await response.json()).toEqual({ ok: true, name: 'Åda' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/v1/path?x=1',
      body: '{"loginId":"ada@example.com"}',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer P1',
        'content-length': '29',
        'user-agent': 'node',
      },
    });
  });

  it('keeps the connection for the next request, with a body or without one', async () => {
    const { url, seen } = await listen((_, res) => res.end('{}'));
    await (await post(url)).text();
    await (await post(url)).text();
    await (await serverFetch(url)).text();
    await (await serverFetch(url, { method: 'POST', body: null })).text();
    expect(seen.map(({ method }) => method)).toEqual(['POST', 'POST', 'GET', 'POST']);
    expect(new Set(seen.map(({ port }) => port)).size).toBe(1);
  });

  it('answers a redirect as it is, without following it', async () => {
    const { url, seen } = await listen((_, res) => {
      res.writeHead(307, { location: `${url}/elsewhere` });
      res.end();
    });
    const response = await post(url);
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe(`${url}/elsewhere`);
    expect(seen).toHaveLength(1);
  });

  it('answers 204 with no body', async () => {
    const { url } = await listen((_, res) => {
      res.writeHead(204);
      res.end();
    });
    const response = await post(url);
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });

  it('rejects an answer whose connection ends before its body does', async () => {
    const { url } = await listen((_, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    await expect(post(url)).rejects.toThrow('The answer ended early');
  });

  it('rejects an answer no Response can hold', async () => {
    const { url } = await listen((_, res) => {
      res.writeHead(999);
      res.end('{}');
    });
    await expect(post(url)).rejects.toBeInstanceOf(RangeError);
  });

  it('sends a user-agent given to it in place of its own', async () => {
    const { url, seen } = await listen((_, res) => res.end('{}'));
    await (await post(url, { headers: { 'user-agent': 'app/1.0' } })).text();
    expect(seen[0]?.headers['user-agent']).toBe('app/1.0');
  });

  it('rejects, and does not throw, for a URL it cannot read', async () => {
    const answer = serverFetch('not a url', { method: 'POST', body: '{}' });
    await expect(answer).rejects.toBeInstanceOf(TypeError);
  });

  it('rejects an answer that switches protocols, which brings no response', async () => {
    const raw = createTcpServer((socket) => {
      socket.once('data', () =>
        socket.end('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: x\r\n\r\n'),
      );
    });
    await new Promise<void>((done) => raw.listen(0, '127.0.0.1', done));
    const { port } = raw.address() as AddressInfo;
    try {
      await expect(post(`http://127.0.0.1:${port}`)).rejects.toThrow(
        'The connection closed without an answer',
      );
    } finally {
      raw.close();
    }
  });

  it('rejects a refused connection', async () => {
    const { url } = await listen((_, res) => res.end());
    server?.close();
    await expect(post(url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it("rejects with the signal's reason, before sending or while the answer is on its way", async () => {
    const { url, seen } = await listen((_, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
    });
    const reason = new DOMException('Timed out', 'TimeoutError');
    await expect(post(url, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(seen).toHaveLength(0);
    const controller = new AbortController();
    const answer = post(url, { signal: controller.signal });
    await expect.poll(() => seen.length).toBe(1);
    controller.abort(reason);
    await expect(answer).rejects.toBe(reason);
  });

  it('sends a request it does not take (a Request, a stream body, another scheme) with the platform fetch', async () => {
    const { url, seen } = await listen((_, res) => res.end('{"ok":true}'));
    const request = new Request(`${url}/v1/request`, { method: 'POST', body: 'one' });
    expect(await (await serverFetch(request)).json()).toEqual({ ok: true });
    const stream = new Blob(['two']).stream();
    const init = { method: 'POST', body: stream, duplex: 'half' } as RequestInit;
    expect(await (await serverFetch(`${url}/v1/stream`, init)).json()).toEqual({ ok: true });
    expect(seen.map(({ url, body }) => [url, body])).toEqual([
      ['/v1/request', 'one'],
      ['/v1/stream', 'two'],
    ]);
    expect(await (await serverFetch('data:text/plain,three')).text()).toBe('three');
  });

  it('sends over TLS to an https URL, and refuses a certificate the platform does not trust', async () => {
    const tls = await certificate();
    const { url, seen } = await listen((_, res) => res.end('{"ok":true}'), tls);
    await expect(post(url)).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(seen).toHaveLength(0);
    const module = new URL('../../src/server/transport.ts', import.meta.url).href;
    const script = `const { serverFetch } = await import(${JSON.stringify(module)});
      const response = await serverFetch(${JSON.stringify(`${url}/v1/tls`)}, { method: 'POST', body: 'three' });
      process.stdout.write(response.status + ' ' + (await response.text()));`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.file } },
    );
    expect(stdout).toBe('200 {"ok":true}');
    expect(seen.map(({ url, body }) => [url, body])).toEqual([['/v1/tls', 'three']]);
  });
});
