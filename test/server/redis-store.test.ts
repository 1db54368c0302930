import { createClient } from 'redis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type OtpInput, persistFlow } from '../../src/index.ts';
import { createOtpFlows, type FlowStore, type OtpFlows, redisFlowStore } from '../../src/server/index.ts';
import { createTestServer, type TestServer } from '../../src/testing/index.ts';
import { wrongCode } from '../helpers/codes.ts';
import { signedInRefreshJwt, startFlow, uniqueEmail } from '../helpers/flow.ts';
import { codesFor, holds, pathsFor } from './helpers.ts';
import { connected, describeRedis, type RedisProcess, startRedis } from './redis.ts';
import { storeContract } from './store-contract.ts';

const prefix = 'otp-flow:';
const ttlSeconds = 300;

describeRedis('redisFlowStore on a real redis-server', () => {
  let redis: RedisProcess;
  let descope: TestServer;
  let client: ReturnType<typeof createClient>;
  let store: FlowStore;
  let input: OtpInput;
  let flows: OtpFlows;

  beforeAll(async () => {
    redis = await startRedis();
    descope = await createTestServer();
    client = await connected(createClient({ url: redis.url }));
    store = redisFlowStore(client, { prefix, ttlSeconds });
    input = { projectId: descope.projectId, baseUrl: descope.url, resendCooldownMs: 0 };
    flows = createOtpFlows({ limits: false, input, store });
  });
  afterAll(async () => {
    await client?.close();
    await descope?.close();
    await redis?.close();
  });

  const keyOf = (flowId: string | null) => `${prefix}{${flowId}}`;

  storeContract(() => store);

  it('runs a flow across two instances, each with its own client', async () => {
    const other = await connected(createClient({ url: redis.url }));
    try {
      const second = createOtpFlows({
        limits: false,
        input,
        store: redisFlowStore(other, { prefix, ttlSeconds }),
      });
      const loginId = uniqueEmail();
      const { flowId } = await flows.start({ loginId });
      expect(await client.exists(keyOf(flowId))).toBe(1);
      const step = await second.submitCode(flowId, descope.lastCode(loginId) ?? '');
      expect(step).toMatchObject({ status: 'authenticated', session: { user: { email: loginId } } });
      expect(await client.exists(keyOf(flowId))).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('answers unknownFlow for garbage and other versions in a key, removes the key and sends nothing', async () => {
    const persisted = persistFlow(startFlow(descope));
    const garbage: ((key: string) => Promise<unknown>)[] = [
      (key) => client.set(key, 'garbage'),
      (key) => client.rPush(key, ['a', 'b']),
      (key) => client.hSet(key, { flow: 'not json', version: '1' }),
      (key) => client.hSet(key, { flow: JSON.stringify(persisted), version: 'one' }),
      (key) =>
        client.hSet(key, {
          flow: JSON.stringify({ ...persisted, version: persisted.version + 1 }),
          version: '1',
        }),
      (key) => client.hSet(key, { flow: JSON.stringify({ ...persisted, format: 'another' }), version: '1' }),
      (key) => client.hSet(key, { flow: JSON.stringify({ ...persisted, state: 'somewhere' }), version: '1' }),
      (key) => client.hSet(key, { flow: '[]', version: '1' }),
      (key) => client.hSet(key, { version: '3' }),
      (key) => client.hSet(key, { version: '0' }),
    ];
    const before = descope.requests.length;
    for (const [index, write] of garbage.entries()) {
      const flowId = `GarbageFlowId00000000${String(index).padStart(3, '0')}`;
      await write(keyOf(flowId));
      const step = await (index % 2 ? flows.resend(flowId) : flows.submitCode(flowId, '123456'));
      expect(step, `garbage #${index}`).toEqual({
        flowId: null,
        status: null,
        error: { kind: 'unknownFlow' },
        view: null,
      });
      expect(await client.exists(keyOf(flowId)), `garbage #${index}`).toBe(0);
    }
    expect(descope.requests.length).toBe(before);
  });

  it('gives every key a TTL and keeps no code, token or refresh JWT in any of them', async () => {
    const signedIn = uniqueEmail();
    const refreshJwt = await signedInRefreshJwt(descope, signedIn);
    const updates = createOtpFlows({ limits: false, input: { ...input, operation: 'updateEmail' }, store });
    const update = await updates.start({ loginId: signedIn, email: uniqueEmail(), refreshJwt });
    expect(update.status).toBe('awaitingCode');
    const waiting = await Promise.all(
      Array.from({ length: 5 }, () => flows.start({ loginId: uniqueEmail() })),
    );
    await flows.resend(waiting[0]!.flowId);
    const wrongLogin = waiting[1]!.view!.loginId;
    await flows.submitCode(waiting[1]!.flowId, wrongCode(descope.lastCode(wrongLogin)));
    const done = await flows.start({ loginId: uniqueEmail() });
    const session = await flows.submitCode(done.flowId, descope.lastCode(done.view!.loginId) ?? '');
    const secrets = [refreshJwt, session.session!.sessionJwt, session.session!.refreshJwt!];
    for (const delivery of descope.deliveries) secrets.push(delivery.code);

    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: '*', COUNT: 100 })) keys.push(...batch);
    expect(keys.length).toBeGreaterThanOrEqual(6);
    for (const key of keys) {
      expect(key.startsWith(prefix)).toBe(true);
      const ttl = await client.pTTL(key);
      expect(ttl, key).toBeGreaterThan(0);
      expect(ttl, key).toBeLessThanOrEqual(ttlSeconds * 1000);
      const text = JSON.stringify(await client.hGetAll(key));
      for (const secret of secrets) expect(holds(text, secret), key).toBe(false);
    }
    expect(pathsFor(descope, signedIn)).toContain('/v1/auth/otp/update/email');
    expect(codesFor(descope, signedIn).length).toBeGreaterThan(1);
  });

  it('answers storeUnavailable when Redis freezes, and the step gives its lease back once it thaws', async () => {
    const quick = createOtpFlows({
      limits: false,
      input,
      store: redisFlowStore(client, { prefix, ttlSeconds, timeoutMs: 300 }),
    });
    const loginId = uniqueEmail();
    const { flowId } = await quick.start({ loginId });
    redis.pause();
    try {
      expect((await quick.resend(flowId)).error).toEqual({ kind: 'storeUnavailable' });
    } finally {
      redis.resume();
    }
    expect(pathsFor(descope, loginId)).toHaveLength(1);
    const resent = await quick.resend(flowId);
    expect(resent).toMatchObject({ status: 'awaitingCode', error: null });
    expect(codesFor(descope, loginId)).toHaveLength(2);
  });

  it('answers storeUnavailable at once and sends nothing when the client is not connected', async () => {
    const closed = createClient({ url: redis.url });
    closed.on('error', () => {});
    const offline = createOtpFlows({ limits: false, input, store: redisFlowStore(closed) });
    const before = descope.requests.length;
    const loginId = uniqueEmail();
    expect((await offline.start({ loginId })).error).toEqual({ kind: 'storeUnavailable' });
    const { flowId } = await flows.start({ loginId });
    expect((await offline.submitCode(flowId, descope.lastCode(loginId) ?? '')).error).toEqual({
      kind: 'storeUnavailable',
    });
    expect(descope.requests.length).toBe(before + 1);
  });
});
