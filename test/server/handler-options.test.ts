import { describe, expect, it } from 'vitest';
import {
  createOtpFlows,
  createOtpHandler,
  type FlowStep,
  memoryFlowStore,
  type OtpFlows,
  type OtpHandlerOptions,
} from '../../src/server/index.ts';
import { signedInRefreshJwt, uniqueEmail } from '../helpers/flow.ts';
import { handlerOnTestServer, json, send } from './requests.ts';

const { descope, input, handler } = await handlerOnTestServer();

const startCookie = async (options: OtpHandlerOptions) => {
  const target = createOtpHandler(
    createOtpFlows({ input, store: memoryFlowStore(), limits: false }),
    options,
  );
  const reply = await send(target, 'start');
  expect(reply.status).toBe(200);
  return (reply.headers.get('set-cookie') ?? '').replace(/=[\w-]{43};/, '=…;');
};

/** Flows that answer every step with `step`, as an app's own `OtpFlows` may. */
const answering = (step: FlowStep): OtpFlows => {
  const answer = async () => step;
  return { start: answer, resend: answer, submitCode: answer, cancel: answer };
};

describe('createOtpHandler: its routes and options', () => {
  it('takes a route with trailing slashes, and nothing after the route name', async () => {
    expect((await send(handler, 'start//')).status).toBe(200);
    expect((await send(handler, 'start/')).status).toBe(200);
    expect((await send(handler, 'start/x')).status).toBe(404);
    expect((await send(handler, 'x/start')).status).toBe(200);
  });

  it('names the flow cookie and sets its attributes from its own options first, then the refresh cookie', async () => {
    expect(await startCookie({})).toBe('__Host-otp-flow=…; HttpOnly; Secure; SameSite=Strict; Path=/');
    expect(
      await startCookie({
        flowCookie: { name: 'mine', path: '/auth', domain: 'app.example', secure: false },
      }),
    ).toBe('mine=…; Domain=app.example; HttpOnly; SameSite=Strict; Path=/auth');
    expect(
      await startCookie({ refreshCookie: { path: '/auth', domain: 'app.example', secure: false } }),
    ).toBe('otp-flow=…; Domain=app.example; HttpOnly; SameSite=Strict; Path=/auth');
    expect(
      await startCookie({
        refreshCookie: { path: '/auth', domain: 'app.example', secure: false },
        flowCookie: { path: '/', secure: true },
      }),
    ).toBe('otp-flow=…; Domain=app.example; HttpOnly; Secure; SameSite=Strict; Path=/');
    expect(await startCookie({ refreshCookie: { secure: false }, flowCookie: { secure: true } })).toBe(
      '__Host-otp-flow=…; HttpOnly; Secure; SameSite=Strict; Path=/',
    );
    expect(await startCookie({ refreshCookie: { path: '/auth' } })).toBe(
      'otp-flow=…; HttpOnly; Secure; SameSite=Strict; Path=/auth',
    );
    expect(await startCookie({ refreshCookie: { domain: 'app.example' } })).toBe(
      'otp-flow=…; Domain=app.example; HttpOnly; Secure; SameSite=Strict; Path=/',
    );
    expect(await startCookie({ refreshCookie: false })).toBe(
      '__Host-otp-flow=…; HttpOnly; Secure; SameSite=Strict; Path=/',
    );
  });

  it('reads the refresh JWT from the cookie of the configured name', async () => {
    const loginId = uniqueEmail();
    const refreshJwt = await signedInRefreshJwt(descope, loginId);
    const updates = createOtpHandler(
      createOtpFlows({
        input: { ...input, operation: 'updateEmail' },
        store: memoryFlowStore(),
        limits: false,
      }),
      { refreshCookie: { name: 'refresh' } },
    );
    const body = JSON.stringify({ loginId, email: uniqueEmail() });
    const withDefault = await send(updates, 'start', {
      body,
      headers: { ...json, cookie: `DSR=${refreshJwt}` },
    });
    expect(withDefault.body.error).toMatchObject({ kind: 'invalidInput', field: 'refreshJwt' });
    const named = await send(updates, 'start', {
      body,
      headers: { ...json, cookie: `refresh=${refreshJwt}` },
    });
    expect(named.body).toMatchObject({ status: 'awaitingCode', error: null });
  });

  it('adds Retry-After only to an answer whose failure gives one', async () => {
    const started = await send(handler, 'start');
    expect(started.status).toBe(200);
    expect(started.headers.get('retry-after')).toBeNull();
    const invalid = await send(handler, 'start', { body: '{"loginId":"nope"}' });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('retry-after')).toBeNull();
  });

  it('sets no refresh cookie for a session that has no refresh JWT', async () => {
    const session = { sessionJwt: 'a.b.c', user: { loginIds: ['ada@example.com'] } } as FlowStep['session'];
    const target = createOtpHandler(
      answering({ flowId: 'f', status: 'authenticated', error: null, view: null, session }),
    );
    const verified = await send(target, 'verify', { body: '{"flowId":"f","code":"123456"}' });
    expect(verified.body).toEqual({ flowId: 'f', status: 'authenticated', error: null, view: null, session });
    expect(verified.headers.get('set-cookie')).toBeNull();
  });

  it('answers 500 internal when its answer cannot be written', async () => {
    const session = {
      sessionJwt: 'a.b.c',
      refreshJwt: 'bad\r\nvalue',
      user: { loginIds: ['ada@example.com'] },
    };
    const target = createOtpHandler(
      answering({ flowId: 'f', status: 'authenticated', error: null, view: null, session } as FlowStep),
    );
    const reply = await send(target, 'verify', { body: '{"flowId":"f","code":"123456"}' });
    expect(reply).toMatchObject({ status: 500, body: { error: { kind: 'internal' } } });
    expect(reply.text).not.toContain('bad');
  });

  it('gives a clientIp option the request itself', async () => {
    const seen: Request[] = [];
    const target = createOtpHandler(createOtpFlows({ input, store: memoryFlowStore(), limits: false }), {
      clientIp: (request) => {
        seen.push(request);
        return '192.0.2.1';
      },
    });
    const request = new Request('https://app.example/otp/start', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ loginId: uniqueEmail() }),
    });
    expect((await target(request)).status).toBe(200);
    expect(seen).toEqual([request]);
    expect(seen[0]).toBe(request);
  });

  it('with refreshCookie: false, reads the refresh JWT from the body and not from a DSR cookie', async () => {
    const loginId = uniqueEmail();
    const refreshJwt = await signedInRefreshJwt(descope, loginId);
    const updates = createOtpHandler(
      createOtpFlows({
        input: { ...input, operation: 'updateEmail' },
        store: memoryFlowStore(),
        limits: false,
      }),
      { refreshCookie: false },
    );
    const email = uniqueEmail();
    const fromCookie = await send(updates, 'start', {
      body: JSON.stringify({ loginId, email }),
      headers: { ...json, cookie: `DSR=${refreshJwt}` },
    });
    expect(fromCookie.body.error).toMatchObject({ kind: 'invalidInput', field: 'refreshJwt' });
    const fromBody = await send(updates, 'start', { body: JSON.stringify({ loginId, email, refreshJwt }) });
    expect(fromBody.body).toMatchObject({ status: 'awaitingCode', error: null });
  });

  it('takes the next steps of a flow started without a binding, setting no cookie', async () => {
    const flows = createOtpFlows({ input, store: memoryFlowStore(), limits: false });
    const target = createOtpHandler(flows);
    const loginId = uniqueEmail();
    const { flowId } = await flows.start({ loginId });
    const resent = await send(target, 'resend', { body: JSON.stringify({ flowId }) });
    expect(resent.body).toMatchObject({ status: 'awaitingCode', error: null });
    expect(resent.headers.get('set-cookie')).toBeNull();
    const code = descope.lastCode(loginId);
    const verified = await send(target, 'verify', { body: JSON.stringify({ flowId, code }) });
    expect(verified.body).toMatchObject({ status: 'authenticated', error: null });
  });
});
