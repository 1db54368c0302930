import { createClient } from 'redis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OtpInput } from '../../src/index.ts';
import {
  createOtpFlows,
  describeFailure,
  type FlowStore,
  httpStatusOf,
  type RedisClientLike,
  redisFlowStore,
} from '../../src/server/index.ts';
import { createTestServer, type TestServer } from '../../src/testing/index.ts';
import { uniqueEmail } from '../helpers/flow.ts';
import { codesFor, pathsFor, pause } from './helpers.ts';
import { connected, describeRedis, type RedisProcess, startRedis } from './redis.ts';

const prefix = 'otp-flow:';
const timeoutMs = 300;

describeRedis('redisFlowStore when Redis goes away in the middle of steps', () => {
  let redis: RedisProcess;
  let descope: TestServer;
  let client: ReturnType<typeof createClient>;
  let input: OtpInput;

  beforeAll(async () => {
    redis = await startRedis();
    descope = await createTestServer();
    client = await connected(createClient({ url: redis.url, socket: { reconnectStrategy: () => 50 } }));
    input = { projectId: descope.projectId, baseUrl: descope.url, resendCooldownMs: 0 };
  });
  afterAll(async () => {
    await client?.close();
    await descope?.close();
    await redis?.close();
  });

  const keyOf = (flowId: string | null) => `${prefix}{${flowId}}`;

  /** The store, with Redis frozen right after a step takes its lease while `freezing` is set. */
  function freezingStore() {
    const inner = redisFlowStore(client, { prefix, timeoutMs });
    const store: FlowStore & { freezing: boolean } = {
      freezing: false,
      async create(flowId, token, leaseMs) {
        const created = await inner.create(flowId, token, leaseMs);
        if (store.freezing) redis.pause();
        return created;
      },
      async acquire(flowId, token, leaseMs) {
        const lease = await inner.acquire(flowId, token, leaseMs);
        if (store.freezing) redis.pause();
        return lease;
      },
      commit: (flowId, lease, flow) => inner.commit(flowId, lease, flow),
      release: (flowId, token) => inner.release(flowId, token),
    };
    return store;
  }

  async function whileFrozen<T>(store: { freezing: boolean }, step: () => Promise<T>): Promise<T> {
    store.freezing = true;
    try {
      return await step();
    } finally {
      store.freezing = false;
      redis.resume();
    }
  }

  it('answers notStored with the view when a resend went out while Redis was frozen; then the new code signs in', async () => {
    const store = freezingStore();
    const flows = createOtpFlows({ input, store });
    const loginId = uniqueEmail();
    const { flowId } = await flows.start({ loginId });
    const step = await whileFrozen(store, () => flows.resend(flowId));
    expect(step).toEqual({
      flowId,
      status: 'awaitingCode',
      error: { kind: 'notStored' },
      view: expect.objectContaining({
        status: 'awaitingCode',
        loginId,
        maskedDestination: expect.stringContaining('@example.com'),
      }),
    });
    expect(httpStatusOf(step.error)).toBe(503);
    expect(describeFailure({ kind: 'notStored' }).message).toMatch(/went through/);
    expect(codesFor(descope, loginId)).toHaveLength(2);

    const verified = await flows.submitCode(flowId, descope.lastCode(loginId) ?? '');
    expect(verified).toMatchObject({ status: 'authenticated', session: { user: { email: loginId } } });
    expect(await client.exists(keyOf(flowId))).toBe(0);
  });

  it('answers notStored when a first send went out while Redis was frozen; the commit that lands on thawing keeps the flow', async () => {
    const store = freezingStore();
    const flows = createOtpFlows({ input, store });
    const loginId = uniqueEmail();
    const step = await whileFrozen(store, () => flows.start({ loginId }));
    expect(step).toMatchObject({
      status: 'awaitingCode',
      error: { kind: 'notStored' },
      view: { maskedDestination: expect.stringContaining('@example.com') },
    });
    const verified = await flows.submitCode(step.flowId, descope.lastCode(loginId) ?? '');
    expect(verified).toMatchObject({ status: 'authenticated', session: { user: { email: loginId } } });
    expect(pathsFor(descope, loginId)).toEqual(['/v1/auth/otp/signup-in/email', '/v1/auth/otp/verify/email']);
  });

  it('withdraws commands queued while the client reconnects: none of them takes a lease or makes an entry once Redis is back', async () => {
    const store = redisFlowStore(client, { prefix, timeoutMs });
    const flows = createOtpFlows({ input, store });
    const loginId = uniqueEmail();
    const { flowId } = await flows.start({ loginId });

    const queuing: RedisClientLike = {
      isReady: true,
      eval: (script, options) => client.eval(script, options),
      withCommandOptions: (options) => client.withCommandOptions(options),
    };
    const offline = createOtpFlows({ input, store: redisFlowStore(queuing, { prefix, timeoutMs }) });
    await redis.stop();
    while (client.isReady) await pause(10);
    const down = [await offline.resend(flowId), await offline.start({ loginId: uniqueEmail() })];
    for (const step of down) expect(step.error).toEqual({ kind: 'storeUnavailable' });

    const ready = new Promise((resolve) => client.once('ready', resolve));
    await redis.start();
    await ready;
    const resent = await flows.resend(flowId);
    expect(resent).toMatchObject({ status: 'awaitingCode', error: null });
    expect(await client.exists(keyOf(down[1]?.flowId ?? ''))).toBe(0);
    expect(await client.hGet(keyOf(flowId), 'lease')).toBeNull();
    expect(codesFor(descope, loginId)).toHaveLength(2);
  });
});
