import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { OtpInput } from '../../src/index.ts';
import {
  createOtpFlows,
  createOtpHandler,
  type FlowStep,
  memoryFlowStore,
  type OtpFlowEvent,
  toNodeListener,
} from '../../src/server/index.ts';
import { createTestServer } from '../../src/testing/index.ts';
import { wrongCode } from '../helpers/codes.ts';
import { uniqueEmail, uniquePhone } from '../helpers/flow.ts';
import { cookieJar } from '../helpers/http.ts';
import { codesFor, holds, pathsFor } from './helpers.ts';

const known = ['knownusr1@example.com', 'knownusr2@example.com', 'knownusr3@example.com'];
const descope = await createTestServer({ users: known.map((loginId) => ({ loginId, email: loginId })) });
afterAll(() => descope.close());

const input: OtpInput = { projectId: descope.projectId, baseUrl: descope.url, resendCooldownMs: 0 };
const sms: OtpInput = { ...input, channel: 'sms' };
const noLimits = { perDestination: false, perClientIp: false, failedVerifiesPerDestination: false } as const;

describe('send limits in memory', () => {
  it('sends at most 5 codes an hour to one destination, whatever the flows, and names the limit', async () => {
    const flows = createOtpFlows({ input: sms, store: memoryFlowStore() });
    const phone = uniquePhone();
    const steps: FlowStep[] = [];
    for (let i = 0; i < 12; i += 1) steps.push(await flows.start({ loginId: phone }));
    expect(codesFor(descope, phone)).toHaveLength(5);
    expect(steps.filter((step) => step.error === null)).toHaveLength(5);
    const refused = steps.at(-1) as FlowStep;
    expect(refused).toMatchObject({
      status: 'idle',
      error: { kind: 'rateLimited', limit: 'perDestination' },
    });
    expect((refused.error as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(3_500_000);
    const sent = steps.find((step) => step.error === null) as FlowStep;
    expect(await flows.resend(sent.flowId)).toMatchObject({
      error: { kind: 'rateLimited', limit: 'perDestination' },
    });
    expect(codesFor(descope, phone)).toHaveLength(5);
  });

  it('counts one destination however it is written: E.164 phones, emails in any case', async () => {
    const flows = createOtpFlows({
      input,
      store: memoryFlowStore(),
      limits: { ...noLimits, perDestination: { max: 2, windowSeconds: 60 } },
    });
    const email = uniqueEmail();
    expect((await flows.start({ loginId: email })).error).toBeNull();
    expect((await flows.start({ loginId: ` ${email.toUpperCase()} ` })).error).not.toBeNull();
    const phoneFlows = createOtpFlows({
      input: sms,
      store: memoryFlowStore(),
      limits: { ...noLimits, perDestination: { max: 1, windowSeconds: 60 } },
    });
    const phone = uniquePhone();
    expect((await phoneFlows.start({ loginId: phone })).error).toBeNull();
    const spaced = `${phone.slice(0, 2)} ${phone.slice(2, 5)} ${phone.slice(5)}`;
    expect(await phoneFlows.start({ loginId: spaced })).toMatchObject({
      error: { kind: 'rateLimited', limit: 'perDestination' },
    });
    expect(codesFor(descope, phone)).toHaveLength(1);
  });

  it('limits one client IP across destinations, and another client IP still signs in', async () => {
    const flows = createOtpFlows({ input: sms, store: memoryFlowStore() });
    const phones = Array.from({ length: 40 }, uniquePhone);
    const steps = await Promise.all(
      phones.map((loginId) => flows.start({ loginId, clientIp: '203.0.113.9' })),
    );
    const delivered = phones.filter((phone) => codesFor(descope, phone).length > 0);
    expect(delivered).toHaveLength(30);
    expect(steps.filter((step) => step.error?.kind === 'rateLimited')).toHaveLength(10);
    expect(steps.find((step) => step.error)?.error).toMatchObject({ limit: 'perClientIp' });
    const loginId = uniquePhone();
    const other = await flows.start({ loginId, clientIp: '198.51.100.7' });
    const done = await flows.submitCode(other.flowId, descope.lastCode(loginId) ?? '');
    expect(done).toMatchObject({ status: 'authenticated', error: null });
  });

  it('counts IPv6 clients by their /64 network and IPv4-mapped addresses as IPv4', async () => {
    const flows = createOtpFlows({
      input,
      store: memoryFlowStore(),
      limits: { ...noLimits, perClientIp: { max: 2, windowSeconds: 60 } },
    });
    const from = async (clientIp: string) => (await flows.start({ loginId: uniqueEmail(), clientIp })).error;
    expect(await from('2001:db8:7:1::1')).toBeNull();
    expect(await from('2001:0db8:0007:0001:ffff:aaaa:bbbb:cccc')).toBeNull();
    expect(await from('2001:db8:7:1:1234::9')).toMatchObject({ limit: 'perClientIp' });
    expect(await from('2001:db8:7:2::1')).toBeNull();
    expect(await from('192.0.2.77')).toBeNull();
    expect(await from('::ffff:192.0.2.77')).toBeNull();
    expect(await from('192.0.2.77')).toMatchObject({ limit: 'perClientIp' });
  });

  it('sends nothing for a login ID that is blank or not a string, and gives its point back', async () => {
    const flows = createOtpFlows({
      input: { ...input, operation: 'signIn' },
      store: memoryFlowStore(),
      limits: { ...noLimits, perClientIp: { max: 1, windowSeconds: 60 } },
    });
    const before = descope.requests.length;
    for (const loginId of [42, null, undefined, {}, '   ', '\t'] as unknown as string[])
      expect((await flows.start({ loginId, clientIp: '192.0.2.90' })).error).toMatchObject({
        kind: 'invalidInput',
      });
    expect(descope.requests.length).toBe(before);
    expect((await flows.start({ loginId: known[2] as string, clientIp: '192.0.2.90' })).error).toBeNull();
    expect((await flows.start({ loginId: known[2] as string, clientIp: '192.0.2.90' })).error).toMatchObject({
      limit: 'perClientIp',
    });
  });

  it('gives the point back when the input is invalid and nothing was sent', async () => {
    const flows = createOtpFlows({
      input,
      store: memoryFlowStore(),
      limits: { ...noLimits, perClientIp: { max: 1, windowSeconds: 60 } },
    });
    const bad = await flows.start({
      loginId: 'not an email',
      channel: 'fax' as never,
      clientIp: '192.0.2.1',
    });
    expect(bad.error).toMatchObject({ kind: 'invalidInput' });
    const email = uniqueEmail();
    expect((await flows.start({ loginId: email, clientIp: '192.0.2.1' })).error).toBeNull();
    expect(await flows.start({ loginId: uniqueEmail(), clientIp: '192.0.2.1' })).toMatchObject({
      error: { limit: 'perClientIp' },
    });
  });

  it('caps the whole app with global', async () => {
    const flows = createOtpFlows({
      input,
      store: memoryFlowStore(),
      limits: { ...noLimits, global: { max: 3, windowSeconds: 60 } },
    });
    const steps = [];
    for (let i = 0; i < 5; i += 1) steps.push(await flows.start({ loginId: uniqueEmail() }));
    expect(steps.map((step) => step.error?.kind ?? null)).toEqual([
      null,
      null,
      null,
      'rateLimited',
      'rateLimited',
    ]);
    expect(steps[4]?.error).toMatchObject({ limit: 'global' });
  });

  it('counts wrong codes for one destination across its flows; a new code does not reset it; right codes cost nothing', async () => {
    const flows = createOtpFlows({
      input,
      store: memoryFlowStore(),
      limits: { ...noLimits, failedVerifiesPerDestination: { max: 4, windowSeconds: 3600 } },
    });
    const loginId = uniqueEmail();
    let verifies = 0;
    const wrongTwice = async () => {
      const { flowId } = await flows.start({ loginId });
      for (let i = 0; i < 2; i += 1) {
        expect(await flows.submitCode(flowId, wrongCode(descope.lastCode(loginId)))).toMatchObject({
          error: { kind: 'wrongCode' },
        });
        verifies += 1;
      }
      return flowId;
    };
    await wrongTwice();
    const flowId = await wrongTwice();
    expect(await flows.resend(flowId)).toMatchObject({ error: null });
    const before = pathsFor(descope, loginId).length;
    const refused = await flows.submitCode(flowId, descope.lastCode(loginId) ?? '');
    expect(refused).toMatchObject({
      status: 'awaitingCode',
      error: { kind: 'rateLimited', limit: 'failedVerifiesPerDestination' },
    });
    expect(pathsFor(descope, loginId)).toHaveLength(before);
    expect(verifies).toBe(4);

    const other = uniqueEmail();
    for (let i = 0; i < 5; i += 1) {
      const started = await flows.start({ loginId: other });
      expect(await flows.submitCode(started.flowId, descope.lastCode(other) ?? '')).toMatchObject({
        status: 'authenticated',
      });
    }
  });
});

describe('a limit store that does not answer', () => {
  it('answers storeUnavailable after 5 s and sends nothing', async () => {
    const silent = {
      consume: () => new Promise<never>(() => {}),
      reward: () => new Promise<never>(() => {}),
    };
    const flows = createOtpFlows({ input, store: { ...memoryFlowStore(), limiter: () => silent } });
    const loginId = uniqueEmail();
    expect(await flows.start({ loginId })).toMatchObject({
      status: 'idle',
      error: { kind: 'storeUnavailable' },
    });
    expect(pathsFor(descope, loginId)).toEqual([]);
  }, 20_000);

  it('answers storeUnavailable for a counter that throws or rejects with anything but an over-limit answer', async () => {
    const counters = [
      {
        consume: () => {
          throw new Error('sync');
        },
        reward: async () => {},
      },
      { consume: () => Promise.reject(undefined), reward: async () => {} },
      { consume: () => Promise.reject(new Error('down')), reward: async () => {} },
    ];
    for (const counter of counters) {
      const flows = createOtpFlows({ input, store: { ...memoryFlowStore(), limiter: () => counter } });
      const loginId = uniqueEmail();
      expect(await flows.start({ loginId })).toMatchObject({ error: { kind: 'storeUnavailable' } });
      expect(pathsFor(descope, loginId)).toEqual([]);
    }
  });
});

describe('allowedCountries', () => {
  const flows = createOtpFlows({ input: sms, store: memoryFlowStore(), allowedCountries: ['US', 'ca'] });

  it('sends to the allowed countries only; others answer destinationNotAllowed and send nothing', async () => {
    expect((await flows.start({ loginId: '+14155550142' })).error).toBeNull();
    expect((await flows.start({ loginId: '+12045550142' })).error).toBeNull();
    for (const loginId of ['+447400123456', '+33612345678', '+80012345678', '14155550143', 'someone']) {
      const step = await flows.start({ loginId });
      expect(step, loginId).toMatchObject({ status: 'idle', error: { kind: 'destinationNotAllowed' } });
      expect(pathsFor(descope, loginId), loginId).toEqual([]);
    }
  });

  it('checks the new phone of updatePhone, and a resend over another phone channel', async () => {
    const updates = createOtpFlows({
      input: { ...sms, operation: 'updatePhone' },
      store: memoryFlowStore(),
      allowedCountries: ['US'],
    });
    const step = await updates.start({ loginId: uniqueEmail(), phone: '+33612345678', refreshJwt: 'x.y.z' });
    expect(step.error).toMatchObject({ kind: 'destinationNotAllowed' });
    const emailFlows = createOtpFlows({ input, store: memoryFlowStore(), allowedCountries: ['US'] });
    expect((await emailFlows.start({ loginId: uniqueEmail() })).error).toBeNull();
  });

  it('refuses a list that is not ISO 3166 codes', () => {
    expect(() => createOtpFlows({ input, allowedCountries: ['USA'] })).toThrow(TypeError);
  });
});

describe('verifyHuman', () => {
  const checks: unknown[] = [];
  const flows = createOtpFlows({
    input,
    store: memoryFlowStore(),
    verifyHuman: async (check) => {
      checks.push(check);
      if (check.token === 'throw') throw new Error('siteverify down');
      return check.token === 'good';
    },
  });

  it('is asked before every send; false, a throw and a missing token send nothing', async () => {
    const loginId = uniqueEmail();
    for (const captchaToken of [undefined, 'bad', 'throw']) {
      const step = await flows.start({ loginId, captchaToken, clientIp: '192.0.2.4' });
      expect(step).toMatchObject({ status: 'idle', error: { kind: 'botCheckFailed' } });
    }
    expect(pathsFor(descope, loginId)).toEqual([]);
    const started = await flows.start({ loginId, captchaToken: 'good', clientIp: '192.0.2.4' });
    expect(started.error).toBeNull();
    expect(await flows.resend(started.flowId, { captchaToken: 'bad' })).toMatchObject({
      status: 'awaitingCode',
      error: { kind: 'botCheckFailed' },
    });
    expect((await flows.resend(started.flowId, { captchaToken: 'good' })).error).toBeNull();
    expect(codesFor(descope, loginId)).toHaveLength(2);
    expect(checks).toContainEqual({ token: 'good', clientIp: '192.0.2.4', loginId, channel: 'email' });
  });

  it('refuses after 10 s when the check never answers, and sends nothing', async () => {
    const silent = createOtpFlows({
      input,
      store: memoryFlowStore(),
      verifyHuman: () => new Promise<boolean>(() => {}),
    });
    const loginId = uniqueEmail();
    expect(await silent.start({ loginId, captchaToken: 'good' })).toMatchObject({
      error: { kind: 'botCheckFailed' },
    });
    expect(pathsFor(descope, loginId)).toEqual([]);
  }, 30_000);
});

type Json = Record<string, unknown>;
const shapeOf = (value: unknown): unknown =>
  typeof value === 'object' && value !== null
    ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shapeOf(item)]))
    : value === null
      ? null
      : typeof value;

const browser = cookieJar();

async function post(handler: (request: Request) => Promise<Response>, route: string, body: Json) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const cookie = browser.header();
  if (cookie) headers.cookie = cookie;
  const response = await handler(
    new Request(`http://app.test/otp/${route}`, { method: 'POST', headers, body: JSON.stringify(body) }),
  );
  browser.keep(response.headers);
  return { status: response.status, body: (await response.json()) as Json };
}

const comparable = ({ status, body }: { status: number; body: Json }) => {
  const view = body.view as Json | null;
  const { flowId, ...rest } = body;
  const masked =
    typeof view?.maskedDestination === 'string' ? view.maskedDestination.replace(/^[^*]+/, '') : null;
  const kept = view && {
    ...view,
    loginId: typeof view.loginId,
    maskedDestination: masked,
    resendInSeconds: typeof view.resendInSeconds,
  };
  return { status, shape: shapeOf(body), body: { ...rest, view: kept }, flowId: typeof flowId };
};

describe('hideUserExistence', () => {
  const events: OtpFlowEvent[] = [];
  const handlerOf = (operation: 'signIn' | 'signUp') =>
    createOtpHandler(
      createOtpFlows({
        input: { ...input, operation },
        store: memoryFlowStore(),
        hideUserExistence: true,
        onEvent: (event) => events.push(event),
      }),
    );

  it('answers a sign-in of an unknown user as a sent code, resends included, counts its wrong codes down, and sends nothing', async () => {
    const handler = handlerOf('signIn');
    const unknown = 'unknownu1@example.com';
    const real = await post(handler, 'start', { loginId: known[0] });
    const decoy = await post(handler, 'start', { loginId: unknown });
    expect(real.status).toBe(200);
    expect(comparable(decoy)).toEqual(comparable(real));
    expect((decoy.body.view as Json).maskedDestination).toBe('un*******@example.com');
    expect(codesFor(descope, unknown)).toEqual([]);

    const realResend = await post(handler, 'resend', { flowId: real.body.flowId });
    const decoyResend = await post(handler, 'resend', { flowId: decoy.body.flowId });
    expect(realResend.status).toBe(200);
    expect(comparable(decoyResend)).toEqual(comparable(realResend));
    const realCode = descope.lastCode(known[0] as string);
    for (const expected of [
      [401, 'wrongCode'],
      [401, 'wrongCode'],
      [403, 'tooManyAttempts'],
    ] as const) {
      const realStep = await post(handler, 'verify', { flowId: real.body.flowId, code: wrongCode(realCode) });
      const decoyStep = await post(handler, 'verify', { flowId: decoy.body.flowId, code: realCode });
      expect(realStep.status).toBe(expected[0]);
      expect((realStep.body.error as Json).kind).toBe(expected[1]);
      expect(comparable(decoyStep)).toEqual(comparable(realStep));
    }
    expect(pathsFor(descope, unknown)).toEqual(['/v1/auth/otp/signin/email']);
  });

  it('answers a sign-up of a known user the same way, resends included; a decoy never signs in', async () => {
    const handler = handlerOf('signUp');
    const fresh = 'freshuser@example.com';
    const real = await post(handler, 'start', { loginId: fresh });
    const decoy = await post(handler, 'start', { loginId: known[1] });
    expect(comparable(decoy)).toEqual(comparable(real));
    const decoyResend = await post(handler, 'resend', { flowId: decoy.body.flowId });
    expect(decoyResend).toMatchObject({
      status: 200,
      body: { error: null, view: { status: 'awaitingCode' } },
    });
    expect(codesFor(descope, known[1] as string)).toEqual([]);
    const code = descope.lastCode(fresh);
    const decoyVerify = await post(handler, 'verify', { flowId: decoy.body.flowId, code });
    expect(decoyVerify).toMatchObject({
      status: 401,
      body: { status: 'awaitingCode', error: { kind: 'wrongCode' } },
    });
    expect(decoyVerify.body.session).toBeUndefined();
    expect(await post(handler, 'verify', { flowId: real.body.flowId, code })).toMatchObject({ status: 200 });
    expect(events.filter((event) => event.reason === 'userAlreadyExists').length).toBeGreaterThanOrEqual(2);
  });

  it('makes a decoy verify take as long as a real one', async () => {
    const flows = createOtpFlows({
      input: { ...input, operation: 'signIn' },
      store: memoryFlowStore(),
      hideUserExistence: true,
    });
    const real = await flows.start({ loginId: known[2] as string });
    const decoy = await flows.start({ loginId: 'unknownu3@example.com' });
    descope.fault({ kind: 'delay', delayMs: 400, path: '/v1/auth/otp/verify' });
    const realStarted = performance.now();
    expect(
      await flows.submitCode(real.flowId, wrongCode(descope.lastCode(known[2] as string))),
    ).toMatchObject({ error: { kind: 'wrongCode' } });
    expect(performance.now() - realStarted).toBeGreaterThanOrEqual(400);
    const decoyStarted = performance.now();
    expect(await flows.submitCode(decoy.flowId, '123456')).toMatchObject({ error: { kind: 'wrongCode' } });
    expect(performance.now() - decoyStarted).toBeGreaterThanOrEqual(390);
  });

  it('is off by default: sign-in of an unknown user answers userNotFound', async () => {
    const flows = createOtpFlows({ input: { ...input, operation: 'signIn' }, store: memoryFlowStore() });
    expect(await flows.start({ loginId: uniqueEmail() })).toMatchObject({ error: { kind: 'userNotFound' } });
  });
});

describe('onEvent', () => {
  it('sees every send, refusal and verify with its reason, and no code, token or login ID', async () => {
    const events: OtpFlowEvent[] = [];
    const flows = createOtpFlows({
      input: sms,
      store: memoryFlowStore(),
      allowedCountries: ['US'],
      limits: { ...noLimits, perDestination: { max: 2, windowSeconds: 60 } },
      onEvent: (event) => events.push(event),
    });
    const phone = uniquePhone();
    const first = await flows.start({ loginId: phone, clientIp: '192.0.2.8' });
    await flows.submitCode(first.flowId, wrongCode(descope.lastCode(phone)), { clientIp: '192.0.2.8' });
    await flows.resend(first.flowId, { clientIp: '192.0.2.8' });
    await flows.resend(first.flowId, { clientIp: '192.0.2.8' });
    await flows.start({ loginId: '+33612345678' });
    const done = await flows.submitCode(first.flowId, descope.lastCode(phone) ?? '');
    const base = { flowId: first.flowId, channel: 'sms', countryCode: 'US' };
    expect(events).toEqual([
      { ...base, type: 'sent', clientIp: '192.0.2.8' },
      { ...base, type: 'verifyFailed', clientIp: '192.0.2.8', reason: 'wrongCode' },
      { ...base, type: 'sent', clientIp: '192.0.2.8' },
      { ...base, type: 'refused', clientIp: '192.0.2.8', reason: 'perDestination' },
      {
        type: 'refused',
        flowId: expect.any(String),
        channel: 'sms',
        countryCode: 'FR',
        reason: 'destinationNotAllowed',
      },
      { ...base, type: 'verified' },
    ]);
    const text = JSON.stringify(events);
    const secrets = [
      ...codesFor(descope, phone),
      done.session?.sessionJwt ?? '',
      done.session?.refreshJwt ?? '',
      phone,
    ];
    for (const secret of secrets) expect(holds(text, secret), secret).toBe(false);
  });

  it('does not let a throwing or rejecting onEvent break a step', async () => {
    for (const onEvent of [
      () => {
        throw new Error('metrics down');
      },
      () => Promise.reject(new Error('metrics down')),
    ]) {
      const flows = createOtpFlows({ input, store: memoryFlowStore(), onEvent });
      const loginId = uniqueEmail();
      const step = await flows.start({ loginId });
      expect(step.error).toBeNull();
      expect(await flows.submitCode(step.flowId, descope.lastCode(loginId) ?? '')).toMatchObject({
        status: 'authenticated',
      });
    }
  });
});

describe('the client IP behind createOtpHandler', () => {
  async function serve(handler: (request: Request) => Promise<Response>) {
    const server = createServer(toNodeListener(handler));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const send = (body: Json, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: Json }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/otp/start',
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
          },
          (res) => {
            let text = '';
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }),
            );
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify(body));
      });
    return { send, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  it('is the socket address under toNodeListener; a forged X-Forwarded-For changes nothing', async () => {
    const events: OtpFlowEvent[] = [];
    const flows = createOtpFlows({
      input,
      store: memoryFlowStore(),
      limits: { ...noLimits, perClientIp: { max: 2, windowSeconds: 600 } },
      onEvent: (event) => events.push(event),
    });
    const app = await serve(createOtpHandler(flows, { refreshCookie: { secure: false } }));
    try {
      const answers = [];
      for (let i = 0; i < 3; i += 1)
        answers.push(
          await app.send(
            { loginId: uniqueEmail(), clientIp: '10.0.0.1' },
            { 'x-forwarded-for': `198.51.100.${i}`, 'x-real-ip': `198.51.100.${i}` },
          ),
        );
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
      expect(answers[2]?.body.error).toMatchObject({
        kind: 'rateLimited',
        limit: 'perClientIp',
        message: expect.any(String),
      });
      expect(Number(answers[2]?.headers['retry-after'])).toBeGreaterThan(500);
      expect(events.map((event) => event.clientIp)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
    } finally {
      await app.close();
    }
  });

  it('comes from the clientIp option when given, and without one the per-IP limit does not apply', async () => {
    const limits = { ...noLimits, perClientIp: { max: 1, windowSeconds: 600 } };
    const trusted = createOtpHandler(createOtpFlows({ input, store: memoryFlowStore(), limits }), {
      clientIp: (request) => request.headers.get('x-test-client') ?? undefined,
    });
    const at = (ip: string) => ({ 'x-test-client': ip });
    const start = (headers: Record<string, string>) =>
      trusted(
        new Request('http://app.test/otp/start', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ loginId: uniqueEmail() }),
        }),
      );
    expect((await start(at('192.0.2.1'))).status).toBe(200);
    expect((await start(at('192.0.2.1'))).status).toBe(429);
    expect((await start(at('192.0.2.2'))).status).toBe(200);
    const anonymous = createOtpHandler(createOtpFlows({ input, store: memoryFlowStore(), limits }));
    for (let i = 0; i < 3; i += 1)
      expect((await post(anonymous, 'start', { loginId: uniqueEmail() })).status).toBe(200);
  });
});
