import { describe, expect, it } from 'vitest';
import {
  createOtpFlows,
  createOtpHandler,
  memoryFlowStore,
  type OtpFlowsOptions,
  type OtpHandlerOptions,
} from '../../src/server/index.ts';
import { wrongCode } from '../helpers/codes.ts';
import { uniqueEmail, uniquePhone } from '../helpers/flow.ts';
import { gate } from '../helpers/gate.ts';
import { until } from '../helpers/wait.ts';
import { codesFor, pathsFor } from './helpers.ts';
import { overTheWire, postOverWire, type WireTarget } from './wire.ts';

const { descope, input, serve } = await overTheWire();

type Handler = (request: Request) => Promise<Response>;

function handlerOf(options: Partial<OtpFlowsOptions> = {}, handlerOptions: OtpHandlerOptions = {}): Handler {
  const flows = createOtpFlows({ input, store: memoryFlowStore(), ...options });
  return createOtpHandler(flows, { refreshCookie: { secure: false }, ...handlerOptions });
}

interface Reply {
  status: number;
  retryAfter: string | undefined;
  cookie: string;
  body: { flowId: string | null; status: string | null; error: { kind: string; limit?: string } | null };
}

function post(
  target: WireTarget,
  route: string,
  body: object,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return postOverWire(target, route, body, headers).then((answer) => ({
    status: answer.status,
    retryAfter: answer.headers['retry-after'],
    cookie: /^(otp-flow=[^;]+)/.exec(String(answer.headers['set-cookie']))?.[1] ?? '',
    body: JSON.parse(answer.text),
  }));
}

const limitOf = (reply: Reply) => (reply.status === 429 ? (reply.body.error?.limit ?? 'descope') : 'none');
const count = (replies: Reply[], status: number) => replies.filter((reply) => reply.status === status).length;
const startsSince = (before: number) =>
  descope.requests.slice(before).filter((request) => request.path.startsWith('/v1/auth/otp/signup-in/'))
    .length;

describe('attack: dodging the per-IP limit', () => {
  it('200 concurrent starts from one socket, each with a forged forwarding header, send 30 codes', async () => {
    const target = { port: await serve(handlerOf()) };
    const before = descope.requests.length;
    const forged = (index: number): Record<string, string> => ({
      'x-forwarded-for': `203.0.113.${index % 250}, 198.51.100.${index % 250}`,
      forwarded: `for=192.0.2.${index % 250};proto=https`,
      'x-real-ip': `2001:db8:${index}::1`,
      'cf-connecting-ip': `198.18.0.${index % 250}`,
      'true-client-ip': `198.18.1.${index % 250}`,
    });
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        post(target, 'start', { loginId: uniqueEmail() }, forged(index)),
      ),
    );
    expect(count(replies, 200)).toBe(30);
    const refused = replies.filter((reply) => reply.status !== 200);
    expect(new Set(refused.map(limitOf))).toEqual(new Set(['perClientIp']));
    expect(refused.every((reply) => Number(reply.retryAfter) > 0 && reply.cookie === '')).toBe(true);
    expect(startsSince(before)).toBe(30);
    const elsewhere = await post({ ...target, from: '127.0.0.2' }, 'start', { loginId: uniqueEmail() });
    expect(elsewhere.status).toBe(200);
  });

  it('an IPv4 client counts once over IPv4 and IPv4-mapped IPv6; ::1 is another client', async () => {
    const handler = handlerOf();
    const plain = { port: await serve(handler), from: '127.0.0.4' };
    const mapped = { port: await serve(handler, '::'), from: '127.0.0.4' };
    const before = descope.requests.length;
    const replies: Reply[] = [];
    for (let index = 0; index < 32; index++)
      replies.push(await post(index % 2 ? mapped : plain, 'start', { loginId: uniqueEmail() }));
    expect(replies.map((reply) => reply.status)).toEqual([...Array(30).fill(200), 429, 429]);
    expect(replies.slice(30).map(limitOf)).toEqual(['perClientIp', 'perClientIp']);
    expect(startsSince(before)).toBe(30);
    const ipv6 = await post({ port: mapped.port, host: '::1' }, 'start', { loginId: uniqueEmail() });
    expect(ipv6.status).toBe(200);
  });

  it('behind a proxy that sets X-Real-IP, rotating addresses within one IPv6 /64 counts as one client', async () => {
    const clientIp = (request: Request) => request.headers.get('x-real-ip') ?? undefined;
    const target = { port: await serve(handlerOf({}, { clientIp })) };
    const spellings = [
      '2001:db8:1:2::1',
      '2001:DB8:1:2::ABCD',
      '2001:0db8:0001:0002:ffff:ffff:ffff:ffff',
      '2001:db8:1:2:0:0:0:5',
      '2001:db8:1:2::7%eth0',
    ];
    const before = descope.requests.length;
    const replies: Reply[] = [];
    for (let index = 0; index < 34; index++) {
      const ip = index < spellings.length ? spellings[index] : `2001:db8:1:2:${index.toString(16)}::${index}`;
      replies.push(await post(target, 'start', { loginId: uniqueEmail() }, { 'x-real-ip': ip as string }));
    }
    expect(count(replies, 200)).toBe(30);
    expect(replies.slice(30).map(limitOf)).toEqual(Array(4).fill('perClientIp'));
    expect(startsSince(before)).toBe(30);
    const nextNetwork = await post(
      target,
      'start',
      { loginId: uniqueEmail() },
      { 'x-real-ip': '2001:db8:1:3::1' },
    );
    expect(nextNetwork.status).toBe(200);
  });
});

describe('attack: flooding one destination', () => {
  it('50 concurrent starts to one number from 50 addresses deliver 5 codes', async () => {
    const target = { port: await serve(handlerOf({ input: { ...input, channel: 'sms' } })) };
    const phone = uniquePhone();
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        post({ ...target, from: `127.0.1.${index + 1}` }, 'start', { loginId: phone }),
      ),
    );
    expect(codesFor(descope, phone)).toHaveLength(5);
    expect(count(replies, 200)).toBe(5);
    expect(replies.filter((reply) => reply.status !== 200).map(limitOf)).toEqual(
      Array(45).fill('perDestination'),
    );
  });

  it('one inbox spelled in other letter cases is one destination', async () => {
    const target = { port: await serve(handlerOf()) };
    const loginId = uniqueEmail();
    const spellings = [loginId, loginId.toUpperCase(), loginId.replace(/^./, (c) => c.toUpperCase())];
    const before = descope.requests.length;
    const replies: Reply[] = [];
    for (let index = 0; index < 9; index++)
      replies.push(await post(target, 'start', { loginId: spellings[index % 3] as string }));
    expect(replies.map((reply) => reply.status)).toEqual([...Array(5).fill(200), ...Array(4).fill(429)]);
    expect(replies.slice(5).map(limitOf)).toEqual(Array(4).fill('perDestination'));
    expect(startsSince(before)).toBe(5);
  });

  it('wrong codes across every flow of one destination stop after 10, the right code included', async () => {
    const target = { port: await serve(handlerOf()) };
    const loginId = uniqueEmail();
    const verifies = () => pathsFor(descope, loginId).filter((path) => path.includes('/verify/')).length;
    const startFlow = async () => {
      const reply = await post(target, 'start', { loginId });
      expect(reply.status).toBe(200);
      return { flowId: reply.body.flowId as string, cookie: reply.cookie };
    };
    const kinds: string[] = [];
    let flow = await startFlow();
    while (verifies() < 10) {
      const code = wrongCode(descope.lastCode(loginId));
      const reply = await post(target, 'verify', { flowId: flow.flowId, code }, { cookie: flow.cookie });
      kinds.push(reply.body.error?.kind ?? 'none');
      if (reply.body.error?.kind === 'tooManyAttempts') flow = await startFlow();
    }
    expect(kinds).toEqual([
      ...Array(3).fill(['wrongCode', 'wrongCode', 'tooManyAttempts']).flat(),
      'wrongCode',
    ]);
    const wrong = await post(
      target,
      'verify',
      { flowId: flow.flowId, code: '000000' },
      { cookie: flow.cookie },
    );
    const right = await post(
      target,
      'verify',
      { flowId: flow.flowId, code: descope.lastCode(loginId) },
      { cookie: flow.cookie },
    );
    for (const reply of [wrong, right]) {
      expect(limitOf(reply)).toBe('failedVerifiesPerDestination');
      expect(Number(reply.retryAfter)).toBeGreaterThan(0);
    }
    const fresh = await startFlow();
    const again = await post(
      target,
      'verify',
      { flowId: fresh.flowId, code: descope.lastCode(loginId) },
      { cookie: fresh.cookie },
    );
    expect(limitOf(again)).toBe('failedVerifiesPerDestination');
    expect(verifies()).toBe(10);
  });
});

describe('attack: concurrent steps of one flow', () => {
  it('ten resends while one is sending answer busy: one code goes out', async () => {
    const target = { port: await serve(handlerOf({ limits: false })) };
    const loginId = uniqueEmail();
    const started = await post(target, 'start', { loginId });
    const { cookie } = started;
    const flowId = started.body.flowId as string;
    const held = gate();
    descope.fault({ kind: 'delay', until: held.promise, path: '/v1/auth/otp/signup-in/email' });
    const first = post(target, 'resend', { flowId }, { cookie });
    await until(() => pathsFor(descope, loginId).length === 2, { timeoutMs: 20_000 });
    const others = await Promise.all(
      Array.from({ length: 10 }, () => post(target, 'resend', { flowId }, { cookie })),
    );
    held.open();
    expect((await first).status).toBe(200);
    expect(others.map((reply) => reply.body.error?.kind)).toEqual(Array(10).fill('busy'));
    expect(others.every((reply) => reply.status === 409 && reply.body.flowId === null)).toBe(true);
    expect(pathsFor(descope, loginId)).toHaveLength(2);
    expect(codesFor(descope, loginId)).toHaveLength(2);
  });

  it('ten concurrent resends during the cooldown send nothing', async () => {
    const cooled = handlerOf({ limits: false, input: { ...input, resendCooldownMs: 60_000 } });
    const target = { port: await serve(cooled) };
    const loginId = uniqueEmail();
    const started = await post(target, 'start', { loginId });
    const flowId = started.body.flowId as string;
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => post(target, 'resend', { flowId }, { cookie: started.cookie })),
    );
    expect(new Set(replies.map((reply) => reply.body.error?.kind))).not.toContain(undefined);
    expect(replies.every((reply) => reply.status === 429 || reply.status === 409)).toBe(true);
    expect(pathsFor(descope, loginId)).toHaveLength(1);
  });

  it('cancel, resend and verify while a verify is in flight are busy; after it, the flow is gone', async () => {
    const target = { port: await serve(handlerOf({ limits: false })) };
    const loginId = uniqueEmail();
    const started = await post(target, 'start', { loginId });
    const { cookie } = started;
    const flowId = started.body.flowId as string;
    const code = descope.lastCode(loginId);
    const held = gate();
    descope.fault({ kind: 'delay', until: held.promise, path: '/v1/auth/otp/verify/email' });
    const verifying = post(target, 'verify', { flowId, code }, { cookie });
    await until(() => pathsFor(descope, loginId).length === 2, { timeoutMs: 20_000 });
    const during = await Promise.all([
      post(target, 'cancel', { flowId }, { cookie }),
      post(target, 'resend', { flowId }, { cookie }),
      post(target, 'verify', { flowId, code }, { cookie }),
    ]);
    held.open();
    expect((await verifying).body).toMatchObject({ status: 'authenticated', error: null });
    expect(during.map((reply) => reply.body.error?.kind)).toEqual(['busy', 'busy', 'busy']);
    const after = await Promise.all([
      post(target, 'cancel', { flowId }, { cookie }),
      post(target, 'verify', { flowId, code }, { cookie }),
    ]);
    expect(after.map((reply) => reply.body.error?.kind)).toEqual(['unknownFlow', 'unknownFlow']);
    expect(pathsFor(descope, loginId)).toEqual(['/v1/auth/otp/signup-in/email', '/v1/auth/otp/verify/email']);
  });

  it('racing verifies and cancels end each flow exactly once, with at most one verify sent', async () => {
    const target = { port: await serve(handlerOf({ limits: false })) };
    for (let round = 0; round < 10; round++) {
      const loginId = uniqueEmail();
      const started = await post(target, 'start', { loginId });
      const { cookie } = started;
      const flowId = started.body.flowId as string;
      const code = descope.lastCode(loginId);
      const steps = [
        post(target, 'verify', { flowId, code }, { cookie }),
        post(target, 'cancel', { flowId }, { cookie }),
        post(target, 'verify', { flowId, code }, { cookie }),
        post(target, 'cancel', { flowId }, { cookie }),
      ];
      const replies = await Promise.all(round % 2 ? steps.reverse() : steps);
      const ended = replies.filter(
        (reply) =>
          reply.body.status === 'authenticated' || (reply.status === 200 && reply.body.status === 'idle'),
      );
      expect(ended).toHaveLength(1);
      const others = replies.filter((reply) => !ended.includes(reply)).map((reply) => reply.body.error?.kind);
      expect(others.every((kind) => kind === 'busy' || kind === 'unknownFlow')).toBe(true);
      expect(
        pathsFor(descope, loginId).filter((path) => path.includes('/verify/')).length,
      ).toBeLessThanOrEqual(1);
    }
  });
});
