import { describe, expect, it } from 'vitest';
import { isAllowedBaseUrl } from '../../machines/validate.ts';
import { defaultBaseUrl, joinUrl } from '../../src/descope/base-url.ts';
import {
  classifyResponse,
  classifyThrown,
  parseJsonObject,
  retryAfterMs,
  withTyped,
} from '../../src/descope/classify.ts';

describe('base URL', () => {
  it('derives the default from the project ID as Descope does', () => {
    expect(defaultBaseUrl('P2aAc4T2V93bddihGEx2Ryhc8e5Z')).toBe('https://api.descope.com');
    expect(defaultBaseUrl('Puse12aAc4T2V93bddihGEx2Ryhc8e5Z')).toBe('https://api.use1.descope.com');
    expect(defaultBaseUrl('PUS-12aAc4T2V93bddihGEx2Ryhc8e5Z')).toBeNull();
  });

  it('joins paths with exactly one slash', () => {
    expect(joinUrl('https://auth.example.com/', '/v1/auth/otp/verify/sms')).toBe(
      'https://auth.example.com/v1/auth/otp/verify/sms',
    );
    expect(joinUrl('https://auth.example.com/base', 'v1/x')).toBe('https://auth.example.com/base/v1/x');
    expect(joinUrl('https://auth.example.com//', '//v1/x')).toBe('https://auth.example.com/v1/x');
  });

  it.each([
    ['https://auth.example.com', true],
    ['http://127.0.0.1:4010', true],
    ['http://localhost:4010', true],
    ['http://[::1]:4010', true],
    ['http://auth.example.com', false],
    ['http://10.0.0.1', false],
    ['ftp://auth.example.com', false],
    ['not a url', false],
  ])('%s allowed: %s', (url, allowed) => {
    expect(isAllowedBaseUrl(url)).toBe(allowed);
  });
});

describe('classification', () => {
  it('reads Retry-After in seconds or as a date, with a default', () => {
    expect(retryAfterMs('5')).toBe(5_000);
    const now = Date.UTC(2030, 0, 1);
    expect(retryAfterMs(new Date(now + 10_000).toUTCString(), now)).toBe(10_000);
    expect(retryAfterMs(new Date(now - 10_000).toUTCString(), now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBe(60_000);
    expect(retryAfterMs(null)).toBe(60_000);
  });

  it('reads Retry-After seconds at their edges: zero, a fraction of a millisecond, a negative or endless number', () => {
    expect(retryAfterMs('0', 0)).toBe(0);
    expect(retryAfterMs('0.0004', 0)).toBe(1);
    expect(retryAfterMs('1.5', 0)).toBe(1_500);
    expect(retryAfterMs('', 0)).toBe(60_000);
    expect(retryAfterMs('-5', Date.UTC(2030, 0, 1))).toBe(0);
    expect(retryAfterMs('Infinity', 0)).toBe(60_000);
  });

  it('keeps only the fields of the type asked for, never null', () => {
    const json = { a: 'text', n: 3, claims: null, user: { id: 'U1' }, list: 'x' };
    const types = { a: 'string', n: 'number', claims: 'object', user: 'object', list: 'number' } as const;
    expect(withTyped(json, types, { kept: true })).toEqual({
      kept: true,
      a: 'text',
      n: 3,
      user: { id: 'U1' },
    });
    expect(classifyResponse(500, '{"errorCode":null,"errorDescription":7}', null)).toEqual({
      kind: 'server',
      status: 500,
    });
  });

  it('reads only a JSON object as an answer', () => {
    expect(parseJsonObject('{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonObject('[{"a":1}]')).toBeNull();
    expect(parseJsonObject('null')).toBeNull();
    expect(parseJsonObject('"text"')).toBeNull();
    expect(parseJsonObject('{"a":')).toBeNull();
  });

  it('tells a timeout from any other thrown value', () => {
    expect(classifyThrown(new DOMException('Timed out', 'TimeoutError'))).toEqual({ kind: 'timeout' });
    expect(classifyThrown(new DOMException('Aborted', 'AbortError'))).toEqual({ kind: 'network' });
    expect(classifyThrown(new TypeError('fetch failed'))).toEqual({ kind: 'network' });
    expect(classifyThrown(null)).toEqual({ kind: 'network' });
    expect(classifyThrown('TimeoutError')).toEqual({ kind: 'network' });
  });

  it('branches on errorCode before status', () => {
    expect(classifyResponse(400, '{"errorCode":"E061102"}', null).kind).toBe('wrongCode');
    expect(classifyResponse(401, '{"errorCode":"E062108"}', null).kind).toBe('userNotFound');
    expect(classifyResponse(403, '{}', null)).toEqual({ kind: 'unauthorized', status: 403 });
    expect(classifyResponse(400, '{"errorCode":"E011003","errorDescription":"bad"}', null)).toEqual({
      kind: 'server',
      status: 400,
      errorCode: 'E011003',
      errorDescription: 'bad',
    });
    expect(classifyResponse(429, '<html>', '3')).toEqual({ kind: 'rateLimited', retryAfterMs: 3_000 });
    expect(classifyResponse(400, '{"errorCode":"E130429"}', null)).toEqual({
      kind: 'rateLimited',
      retryAfterMs: 60_000,
      errorCode: 'E130429',
    });
  });

  it("keeps a server failure's Retry-After, and adds none when it sent none", () => {
    expect(classifyResponse(503, '<html>', '42')).toEqual({
      kind: 'server',
      status: 503,
      retryAfterMs: 42_000,
    });
    expect(classifyResponse(503, '{}', null)).toEqual({ kind: 'server', status: 503 });
  });
});
