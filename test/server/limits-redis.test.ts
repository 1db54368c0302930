import { createClient } from 'redis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OtpInput } from '../../src/index.ts';
import { sha256 } from '../../src/server/hash.ts';
import {
  createOtpFlows,
  type FlowStep,
  memoryFlowStore,
  type OtpFlowEvent,
  type OtpFlows,
  redisFlowStore,
} from '../../src/server/index.ts';
import { createTestServer, type TestServer } from '../../src/testing/index.ts';
import { wrongCode } from '../helpers/codes.ts';
import { uniquePhone } from '../helpers/flow.ts';
import { codesFor, pathsFor } from './helpers.ts';
import { connected, describeRedis, type RedisProcess, startRedis } from './redis.ts';

const prefix = 'otp-flow:';

describeRedis('limits in Redis, shared by two instances', () => {
  let redis: RedisProcess;
  let clients: ReturnType<typeof createClient>[];
  let descope: TestServer;
  let one: OtpFlows;
  let two: OtpFlows;

  beforeAll(async () => {
    redis = await startRedis();
    clients = [
      await connected(createClient({ url: redis.url })),
      await connected(createClient({ url: redis.url })),
    ];
    descope = await createTestServer({ rateLimit: { max: 100, windowMs: 60_000 } });
    const input: OtpInput = {
      projectId: descope.projectId,
      baseUrl: descope.url,
      channel: 'sms',
      resendCooldownMs: 0,
    };
    [one, two] = clients.map((client) =>
      createOtpFlows({ input, store: redisFlowStore(client, { prefix }) }),
    ) as [OtpFlows, OtpFlows];
  });
  afterAll(async () => {
    for (const client of clients ?? []) await client.close().catch(() => {});
    await descope?.close();
    await redis?.close();
  });

  const instance = (index: number) => (index % 2 === 0 ? one : two);
  const limitOf = (step: FlowStep) => (step.error as { limit?: string } | null)?.limit;
  const isDescope429 = (step: FlowStep) => step.error?.kind === 'rateLimited' && !('limit' in step.error);

  it('delivers at most 5 codes to one number for 50 starts across both instances', async () => {
    const phone = uniquePhone();
    const steps = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        instance(index).start({ loginId: phone, clientIp: `192.0.2.${index}` }),
      ),
    );
    expect(codesFor(descope, phone)).toHaveLength(5);
    expect(pathsFor(descope, phone)).toHaveLength(5);
    expect(steps.filter((step) => step.error === null)).toHaveLength(5);
    const refused = steps.filter((step) => step.error !== null);
    expect(refused.every((step) => limitOf(step) === 'perDestination')).toBe(true);
  });

  it('sends at most 30 codes for one client IP, keeps Descope under its per-IP budget, and another user signs in', async () => {
    const phones = Array.from({ length: 200 }, uniquePhone);
    const steps: FlowStep[] = [];
    for (let batch = 0; batch < 200; batch += 20)
      steps.push(
        ...(await Promise.all(
          phones
            .slice(batch, batch + 20)
            .map((loginId, index) => instance(index).start({ loginId, clientIp: '203.0.113.66' })),
        )),
      );
    expect(phones.filter((phone) => codesFor(descope, phone).length > 0)).toHaveLength(30);
    expect(steps.filter((step) => step.error === null)).toHaveLength(30);
    expect(steps.filter(isDescope429)).toEqual([]);
    expect(steps.filter((step) => limitOf(step) === 'perClientIp')).toHaveLength(170);

    const user = uniquePhone();
    const started = await one.start({ loginId: user, clientIp: '198.51.100.20' });
    expect(started).toMatchObject({ status: 'awaitingCode', error: null });
    const done = await two.submitCode(started.flowId, descope.lastCode(user) ?? '');
    expect(done).toMatchObject({ status: 'authenticated', error: null });
    expect(descope.requests.length).toBeLessThan(100);
  });

  it('counts wrong codes for one number across flows on both instances, up to 10 an hour', async () => {
    const phone = uniquePhone();
    const answers: string[] = [];
    for (let flow = 0; flow < 4; flow += 1) {
      const { flowId } = await instance(flow).start({ loginId: phone });
      for (let attempt = 0; attempt < 3 && answers.length < 10; attempt += 1) {
        const step = await instance(attempt).submitCode(flowId, wrongCode(descope.lastCode(phone)));
        answers.push(step.error?.kind ?? 'none');
      }
      if (flow === 3) {
        const verifies = pathsFor(descope, phone).filter((path) => path.includes('verify')).length;
        const refused = await two.submitCode(flowId, descope.lastCode(phone) ?? '');
        expect(refused).toMatchObject({
          error: { kind: 'rateLimited', limit: 'failedVerifiesPerDestination' },
        });
        expect(pathsFor(descope, phone).filter((path) => path.includes('verify'))).toHaveLength(verifies);
      }
    }
    expect(answers.filter((kind) => kind === 'wrongCode' || kind === 'tooManyAttempts')).toHaveLength(10);
  });

  it('keeps every counter under the store prefix with a TTL, naming no number and no IP', async () => {
    const keys: string[] = [];
    for await (const batch of clients[0]!.scanIterator({ MATCH: `${prefix}limit:*`, COUNT: 100 }))
      keys.push(...batch);
    expect(keys.length).toBeGreaterThan(50);
    for (const key of keys) {
      const ttl = await clients[0]!.pTTL(key);
      expect(ttl, key).toBeGreaterThan(0);
      expect(ttl, key).toBeLessThanOrEqual(3_600_000);
      expect(key).not.toMatch(/\+1415|203\.0\.113|192\.0\.2/);
    }
  });

  it('refuses other countries and failed bot checks on both instances, and hides who has an account', async () => {
    const events: OtpFlowEvent[] = [];
    const known = uniquePhone();
    await descope.issueSession(known);
    const input: OtpInput = {
      projectId: descope.projectId,
      baseUrl: descope.url,
      channel: 'sms',
      operation: 'signIn',
    };
    const [x, y] = clients.map((client) =>
      createOtpFlows({
        input,
        store: redisFlowStore(client, { prefix }),
        allowedCountries: ['US'],
        verifyHuman: ({ token }) => token === 'human',
        hideUserExistence: true,
        onEvent: (event) => events.push(event),
      }),
    ) as [OtpFlows, OtpFlows];
    const before = descope.requests.length;
    expect(await x.start({ loginId: '+447400123456', captchaToken: 'human' })).toMatchObject({
      error: { kind: 'destinationNotAllowed' },
    });
    expect(await y.start({ loginId: known, captchaToken: 'bot' })).toMatchObject({
      error: { kind: 'botCheckFailed' },
    });
    expect(await y.start({ loginId: known })).toMatchObject({ error: { kind: 'botCheckFailed' } });
    expect(descope.requests.length).toBe(before);

    const unknown = uniquePhone();
    const real = await x.start({ loginId: known, captchaToken: 'human', clientIp: '192.0.2.150' });
    const decoy = await y.start({ loginId: unknown, captchaToken: 'human', clientIp: '192.0.2.150' });
    const strip = ({ flowId, view, ...rest }: FlowStep) => ({
      ...rest,
      flowId: typeof flowId,
      view: view && {
        ...view,
        loginId: typeof view.loginId,
        resendInSeconds: typeof view.resendInSeconds,
        maskedDestination: view.maskedDestination?.replace(/\d{4}$/, '####'),
      },
    });
    expect(strip(decoy)).toEqual(strip(real));
    expect(decoy.view?.maskedDestination).toBe(`+*******${unknown.slice(-4)}`);
    expect(await x.submitCode(decoy.flowId, descope.lastCode(known) ?? '')).toMatchObject({
      status: 'awaitingCode',
      error: { kind: 'wrongCode', attemptsLeft: 2 },
    });
    expect(codesFor(descope, unknown)).toEqual([]);
    expect(events.map((event) => [event.type, event.reason])).toEqual([
      ['refused', 'destinationNotAllowed'],
      ['refused', 'botCheckFailed'],
      ['refused', 'botCheckFailed'],
      ['sent', undefined],
      ['refused', 'userNotFound'],
      ['verifyFailed', 'wrongCode'],
    ]);
  });

  it('names each counter <prefix>limit:<limit>:<hash of what it counts>', async () => {
    const own = 'own-limits:';
    const input: OtpInput = { projectId: descope.projectId, baseUrl: descope.url, channel: 'sms' };
    const flows = createOtpFlows({ input, store: redisFlowStore(clients[0]!, { prefix: own }) });
    const phone = uniquePhone();
    expect((await flows.start({ loginId: phone, clientIp: '192.0.2.201' })).error).toBeNull();
    const keys: string[] = [];
    for await (const batch of clients[0]!.scanIterator({ MATCH: '*', COUNT: 100 }))
      keys.push(...batch.filter((key) => !key.startsWith(prefix)));
    const hashOf = async (value: string) => (await sha256(value)).slice(0, 24);
    expect(keys.filter((key) => !key.startsWith(`${own}{`)).sort()).toEqual(
      [
        `${own}limit:perClientIp:${await hashOf('192.0.2.201')}`,
        `${own}limit:perDestination:${await hashOf(phone)}`,
      ].sort(),
    );
  });

  it('fails closed when Redis cannot count: storeUnavailable, nothing sent', async () => {
    const closed = createClient({ url: redis.url });
    closed.on('error', () => {});
    const input: OtpInput = { projectId: descope.projectId, baseUrl: descope.url, channel: 'sms' };
    const store = { ...memoryFlowStore(), limiter: redisFlowStore(closed, { prefix }).limiter };
    const flows = createOtpFlows({ input, store });
    const phone = uniquePhone();
    expect(await flows.start({ loginId: phone, clientIp: '192.0.2.200' })).toMatchObject({
      status: 'idle',
      error: { kind: 'storeUnavailable' },
    });
    const paused = createOtpFlows({
      input,
      store: {
        ...memoryFlowStore(),
        limiter: redisFlowStore(clients[1]!, { prefix, timeoutMs: 300 }).limiter,
      },
    });
    redis.pause();
    try {
      expect(await paused.start({ loginId: phone })).toMatchObject({ error: { kind: 'storeUnavailable' } });
    } finally {
      redis.resume();
    }
    expect(pathsFor(descope, phone)).toEqual([]);
  });
});
