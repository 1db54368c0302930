import { describe, expect, it } from 'vitest';
import {
  createOtpFlows,
  createOtpHandler,
  isServerFailureKind,
  memoryFlowStore,
  serverFailureKinds,
  serverFailureMessage,
} from '../../src/server/index.ts';
import { app, handlerOnTestServer, json, send } from './requests.ts';

const { input, handler } = await handlerOnTestServer();

/** A request body whose first chunk arrives and whose end never does. */
const neverEnding = () =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"loginId":'));
    },
  });

describe('the sentences a page shows for server failures and refusals', () => {
  it('names every server failure kind, each with its own sentence', () => {
    expect(serverFailureKinds).toEqual([
      'busy',
      'unknownFlow',
      'storeUnavailable',
      'destinationNotAllowed',
      'botCheckFailed',
      'notStored',
    ]);
    expect(serverFailureKinds.map((kind) => serverFailureMessage({ kind }))).toEqual([
      'This sign-in is already handling a request. Wait a moment and try again.',
      'This sign-in has expired or does not exist. Start again.',
      'The service is unavailable right now. Try again in a moment.',
      'Codes cannot be sent to this number.',
      'The check that you are not a robot failed. Try again.',
      'Your request went through, but this sign-in could not be saved. Wait a moment, then enter the code you received.',
    ]);
    expect(serverFailureKinds.every(isServerFailureKind)).toBe(true);
    for (const kind of ['wrongCode', 'rateLimited', '', 'Busy', undefined])
      expect(isServerFailureKind(kind)).toBe(false);
  });

  it("answers each of the handler's own refusals with its status, sentence and headers, and no cookie", async () => {
    const small = createOtpHandler(createOtpFlows({ input, store: memoryFlowStore() }), { maxBodyBytes: 10 });
    const slow = createOtpHandler(createOtpFlows({ input, store: memoryFlowStore() }), { bodyTimeoutMs: 1 });
    const throwing = () => Promise.reject(new Error('flows down'));
    const broken = createOtpHandler({
      start: throwing,
      resend: throwing,
      submitCode: throwing,
      cancel: throwing,
    });
    const refusals = [
      [await send(handler, 'elsewhere'), 404, 'notFound', 'No such route.'],
      [
        await send(handler, 'start', { headers: { ...json, origin: 'https://evil.example' } }),
        403,
        'forbiddenOrigin',
        'Requests from another site are not allowed.',
      ],
      [
        await send(handler, 'start', { headers: { 'content-type': 'text/plain' } }),
        415,
        'unsupportedMediaType',
        'Send the body as application/json.',
      ],
      [await send(small, 'start'), 413, 'bodyTooLarge', 'The request body is too large.'],
      [await send(handler, 'start', { body: '[]' }), 400, 'badRequest', 'Send a JSON object.'],
      [
        await send(handler, 'start', { headers: { ...json, host: 'a b' } }),
        400,
        'badHost',
        'The Host header is missing or not valid, or the request target is not a path.',
      ],
      [
        await send(slow, 'start', { body: neverEnding() }),
        408,
        'bodyTimeout',
        'The request body did not arrive in time.',
      ],
      [await send(broken, 'start'), 500, 'internal', 'Something went wrong on the server.'],
    ] as const;
    for (const [reply, status, kind, message] of refusals) {
      expect(reply.status, kind).toBe(status);
      expect(reply.body, kind).toEqual({ error: { kind, message } });
      expect(reply.headers.get('content-type'), kind).toBe('application/json; charset=utf-8');
      expect(reply.headers.get('cache-control'), kind).toBe('no-store');
      expect(reply.headers.get('x-content-type-options'), kind).toBe('nosniff');
      expect(reply.headers.get('set-cookie'), kind).toBeNull();
    }
    const get = await handler(new Request(`${app}/otp/start`));
    expect(get.status).toBe(405);
    expect(await get.json()).toEqual({ error: { kind: 'methodNotAllowed', message: 'Use POST.' } });
    expect(get.headers.get('allow')).toBe('POST');
  });
});
