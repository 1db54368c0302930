import { createClient } from 'redis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../src/testing/index.ts';
import { uniqueEmail } from '../helpers/flow.ts';
import { codesFor, pathsFor, pause } from './helpers.ts';
import { type Instance, startInstance } from './instances.ts';
import { connected, describeRedis, type RedisProcess, startRedis } from './redis.ts';

const requestTimeoutMs = 3_000;
const leaseMarginMs = 500;
const unknownId = 'NoSuchFlowNoSuchFlow0000';

async function pollUntil<T>(
  attempt: () => Promise<T>,
  done: (value: T) => boolean,
): Promise<{ last: T; tries: number }> {
  for (let tries = 1; ; tries += 1) {
    const last = await attempt();
    if (done(last) || tries >= 200) return { last, tries };
    await pause(100);
  }
}

describeRedis('two instances in separate processes, sharing one Redis and one test server', () => {
  let redis: RedisProcess;
  let descope: TestServer;
  let a: Instance;
  let b: Instance;
  const start = () =>
    startInstance({
      redisUrl: redis.url,
      descope,
      input: { resendCooldownMs: 0, requestTimeoutMs },
      leaseMarginMs,
    });

  beforeAll(async () => {
    redis = await startRedis();
    descope = await createTestServer();
    [a, b] = await Promise.all([start(), start()]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop('SIGKILL'), b?.stop('SIGKILL')]);
    await descope?.close();
    await redis?.close();
  });

  async function started(on: Instance) {
    const loginId = uniqueEmail();
    const reply = await on.post('start', { loginId });
    expect(reply).toMatchObject({ status: 200, body: { status: 'awaitingCode', error: null } });
    return { loginId, flowId: reply.body.flowId as string, code: descope.lastCode(loginId) ?? '' };
  }

  /** Once Redis answers again: both instances answer (404 for an unknown flow), and `b` finishes the flow. */
  async function resumes(
    { loginId, flowId, code }: { loginId: string; flowId: string; code: string },
    report: (status: number) => string,
  ) {
    for (const instance of [a, b]) {
      const { last } = await pollUntil(
        () => instance.post('verify', { flowId: unknownId, code }),
        (reply) => reply.status !== 503,
      );
      expect(last.status).toBe(404);
    }
    const resumed = await b.post('verify', { flowId, code });
    console.log(report(resumed.status));
    expect(resumed).toMatchObject({
      status: 200,
      body: { status: 'authenticated', session: { user: { email: loginId } } },
    });
    expect(pathsFor(descope, loginId)).toEqual(['/v1/auth/otp/signup-in/email', '/v1/auth/otp/verify/email']);
  }

  it('sends one new code for 20 concurrent resends over both instances; the rest are busy', async () => {
    const { loginId, flowId, code: superseded } = await started(a);
    const before = descope.requests.length;
    descope.fault({ kind: 'delay', delayMs: 2_000, path: '/v1/auth/otp/signup-in/email' });
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? b : a).post('resend', { flowId })),
    );
    const reached = descope.requests.slice(before).length;
    const busy = replies.filter(
      (reply) => reply.status === 409 && (reply.body.error as { kind: string }).kind === 'busy',
    );
    const sent = replies.filter((reply) => reply.status === 200);
    console.log(
      `concurrent resends: ${replies.length} requests, ${reached} reached the test server, ` +
        `${codesFor(descope, loginId).length - 1} new code delivered, ${busy.length} busy`,
    );
    expect(reached).toBe(1);
    expect(codesFor(descope, loginId)).toHaveLength(2);
    expect(sent).toHaveLength(1);
    expect(busy).toHaveLength(19);

    const fresh = descope.lastCode(loginId) ?? '';
    expect(await a.post('verify', { flowId, code: superseded })).toMatchObject({
      status: 401,
      body: { status: 'awaitingCode', error: { kind: 'wrongCode' } },
    });
    expect(await b.post('verify', { flowId, code: fresh })).toMatchObject({
      status: 200,
      body: { status: 'authenticated', session: { user: { email: loginId } } },
    });
    expect(pathsFor(descope, loginId)).toEqual([
      '/v1/auth/otp/signup-in/email',
      '/v1/auth/otp/signup-in/email',
      '/v1/auth/otp/verify/email',
      '/v1/auth/otp/verify/email',
    ]);
  });

  it('lets the other instance finish a flow once the lease of an instance killed mid-verify expires', async () => {
    const { loginId, flowId, code } = await started(a);
    descope.fault({ kind: 'hang', path: '/v1/auth/otp/verify' });
    const hanging = a.post('verify', { flowId, code }).catch(() => 'connection lost');
    const verifies = () => pathsFor(descope, loginId).filter((path) => path.includes('/verify/')).length;
    await pollUntil(
      async () => verifies(),
      (count) => count === 1,
    );
    await a.stop('SIGKILL');
    expect(await hanging).toBe('connection lost');

    const { last, tries } = await pollUntil(
      () => b.post('verify', { flowId, code }),
      (reply) => reply.status !== 409,
    );
    console.log(
      `crash: ${tries - 1} busy answers while the lease of the killed instance ran, then ${last.status}`,
    );
    expect(tries).toBeGreaterThan(1);
    expect(last).toMatchObject({ status: 200, body: { status: 'authenticated' } });
    expect(verifies()).toBe(2);
    a = await start();
  });

  it('answers storeUnavailable and sends nothing while Redis is down; the flow resumes once it is back', async () => {
    const { loginId, flowId, code } = await started(a);
    await redis.stop();
    const before = descope.requests.length;
    const down = [
      await b.post('verify', { flowId, code }),
      await a.post('resend', { flowId }),
      await a.post('start', { loginId: uniqueEmail() }),
    ];
    for (const reply of down) {
      expect(reply).toMatchObject({ status: 503, body: { error: { kind: 'storeUnavailable' } } });
    }
    expect(descope.requests.length).toBe(before);

    await redis.start();
    await resumes(
      { loginId, flowId, code },
      (status) => `outage: ${down.length} steps answered 503 with no request; after restart: ${status}`,
    );
  });

  it('sends nothing while Redis is frozen; once it thaws, the late commands are undone and the flow resumes', async () => {
    const { loginId, flowId, code } = await started(a);
    const before = descope.requests.length;
    redis.pause();
    let frozen: { status: number; body: Record<string, unknown> }[];
    try {
      frozen = await Promise.all([
        b.post('verify', { flowId, code }),
        a.post('resend', { flowId }),
        a.post('start', { loginId: uniqueEmail() }),
      ]);
    } finally {
      redis.resume();
    }
    for (const reply of frozen) {
      expect(reply).toMatchObject({ status: 503, body: { error: { kind: 'storeUnavailable' } } });
    }
    expect(descope.requests.length).toBe(before);

    await resumes(
      { loginId, flowId, code },
      (status) => `freeze: ${frozen.length} steps answered 503 with no request; after thawing: ${status}`,
    );

    const client = await connected(createClient({ url: redis.url }));
    try {
      const lateStart = frozen[2]?.body.flowId as string;
      expect(await client.exists(`otp-flow:{${lateStart}}`)).toBe(0);
    } finally {
      await client.close();
    }
  });
});
