import { afterEach, describe, expect, it, vi } from 'vitest';
import { type BodySource, isJsonMediaType, readBody } from '../../src/server/body.ts';
import { app, handlerOnTestServer, json, send } from './requests.ts';

const { handler, sentSince } = await handlerOnTestServer();

const encoder = new TextEncoder();

/** A body arriving in these chunks; it records whether the reader was cancelled. */
function chunks(...parts: (string | Uint8Array)[]): BodySource & { cancelled: boolean } {
  const queue = parts.map((part) => (typeof part === 'string' ? encoder.encode(part) : part));
  const source = {
    cancelled: false,
    next: async () => {
      const value = queue.shift();
      return value ? { done: false as const, value } : { done: true as const };
    },
    cancel: () => {
      source.cancelled = true;
    },
  };
  return source;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('readBody: a JSON object of at most maxBytes', () => {
  it('accepts a body of exactly maxBytes and refuses one byte more, declared or streamed', async () => {
    const body = '{"loginId":"a@b.co"}';
    const size = body.length;
    expect(await readBody(String(size), chunks(body), size, 10_000)).toEqual({
      kind: 'read',
      body: { loginId: 'a@b.co' },
    });
    expect(await readBody(null, chunks(body.slice(0, 5), body.slice(5)), size, 10_000)).toMatchObject({
      kind: 'read',
    });
    const declared = chunks(body);
    expect(await readBody(String(size), declared, size - 1, 10_000)).toEqual({
      kind: 'refused',
      refusal: 'bodyTooLarge',
    });
    const lying = chunks('{}');
    expect(await readBody('1000', lying, size, 10_000)).toEqual({ kind: 'refused', refusal: 'bodyTooLarge' });
    const streamed = chunks(body.slice(0, 5), body.slice(5));
    expect(await readBody(null, streamed, size - 1, 10_000)).toEqual({
      kind: 'refused',
      refusal: 'bodyTooLarge',
    });
    expect(streamed.cancelled).toBe(true);
  });

  it('decodes a character split across two chunks', async () => {
    const bytes = encoder.encode('{"name":"Zoë 😀"}');
    const cut = bytes.indexOf(0xf0) + 2;
    const source = chunks(bytes.slice(0, cut), bytes.slice(cut));
    expect(await readBody(null, source, 100, 10_000)).toEqual({ kind: 'read', body: { name: 'Zoë 😀' } });
    expect(source.cancelled).toBe(false);
  });

  it('answers badRequest for no body, and for a body whose stream fails', async () => {
    expect(await readBody(null, undefined, 100, 10_000)).toEqual({ kind: 'refused', refusal: 'badRequest' });
    const failing: BodySource = {
      next: () => Promise.reject(new Error('aborted')),
      cancel: () => {},
    };
    expect(await readBody(null, failing, 100, 10_000)).toEqual({ kind: 'refused', refusal: 'badRequest' });
  });

  it('leaves no timer behind, whatever the answer', async () => {
    vi.useFakeTimers();
    await readBody(null, chunks('{}'), 100, 10_000);
    await readBody(null, chunks('[]'), 100, 10_000);
    await readBody(null, chunks('x'.repeat(200)), 100, 10_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives up after timeoutMs, cancelling the reader', async () => {
    vi.useFakeTimers();
    const source: BodySource & { cancelled: boolean } = {
      cancelled: false,
      next: () => new Promise(() => {}),
      cancel: () => {
        source.cancelled = true;
      },
    };
    const read = readBody(null, source, 100, 5_000);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(source.cancelled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await read).toEqual({ kind: 'refused', refusal: 'bodyTimeout' });
    expect(source.cancelled).toBe(true);
  });
});

describe('isJsonMediaType', () => {
  it('reads the media type case-insensitively, with spaces and parameters', () => {
    for (const type of ['application/json', ' Application/JSON ; charset=utf-8', 'APPLICATION/JSON;x=y'])
      expect(isJsonMediaType(type), type).toBe(true);
    for (const type of [null, '', 'application/json5', 'text/json', '; application/json'])
      expect(isJsonMediaType(type), String(type)).toBe(false);
  });
});

describe('the handler and a request without a body', () => {
  it('answers 400 badRequest and sends nothing', async () => {
    const reply = await handler(new Request(`${app}/otp/start`, { method: 'POST', headers: json }));
    expect(reply.status).toBe(400);
    expect(await reply.json()).toMatchObject({ error: { kind: 'badRequest' } });
    expect(sentSince(0)).toBe(false);
    expect((await send(handler, 'start', { body: '{"loginId":1}' })).status).toBe(400);
  });
});
