import { createClient } from 'redis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { otpMachine, persistFlow } from '../../src/index.ts';
import { type FlowStore, redisFlowStore } from '../../src/server/index.ts';
import { leaseOf, pause } from './helpers.ts';
import { connected, describeRedis, type RedisProcess, startRedis } from './redis.ts';

const prefix = 'otp-undo:';
const flow = persistFlow(createActor(otpMachine, { input: { projectId: 'P2aAc4T2V93bddihGEx2Ryhc8e5Z' } }));

describeRedis('redisFlowStore undoes an operation Redis answers too late', () => {
  let redis: RedisProcess;
  let client: ReturnType<typeof createClient>;

  beforeAll(async () => {
    redis = await startRedis();
    client = await connected(createClient({ url: redis.url }));
  });
  afterAll(async () => {
    await client?.close();
    await redis?.close();
  });

  const keyOf = (flowId: string) => `${prefix}{${flowId}}`;
  /** A store of its own for each test, as an instance makes one when it starts. */
  const storeOf = (): FlowStore => redisFlowStore(client, { prefix, ttlSeconds: 60, timeoutMs: 300 });

  /** Runs `operation` while Redis is frozen: it must give up; Redis thaws once it has. */
  async function frozen(operation: () => Promise<unknown>) {
    redis.pause();
    try {
      await expect(operation()).rejects.toMatchObject({
        name: 'StoreUnavailableError',
        message: 'Redis did not answer in time',
      });
    } finally {
      redis.resume();
    }
  }

  /** The fields of the key's hash once they are `fields`, or as they are after many rounds of asking. */
  async function fieldsBecome(flowId: string, fields: string[]) {
    let seen: string[] = [];
    for (let round = 0; round < 500; round += 1) {
      seen = Object.keys(await client.hGetAll(keyOf(flowId))).sort();
      if (seen.join() === fields.join()) break;
      await pause(10);
    }
    return seen;
  }

  it('deletes the empty entry of a late create', async () => {
    const store = storeOf();
    await frozen(() => store.create('late-create', 'a', 10_000));
    expect(await fieldsBecome('late-create', [])).toEqual([]);
    expect(await store.create('late-create', 'b', 10_000)).toBe(true);
  });

  it('releases the lease of a late acquire and of a late commit, keeping what was stored', async () => {
    const store = storeOf();
    expect(await store.create('late-lease', 'a', 10_000)).toBe(true);
    expect(await store.commit('late-lease', { token: 'a', version: 0, flow: undefined }, flow)).toBe(true);
    await frozen(() => store.acquire('late-lease', 'b', 10_000));
    expect(await fieldsBecome('late-lease', ['flow', 'version'])).toEqual(['flow', 'version']);
    const lease = await leaseOf(store.acquire('late-lease', 'c', 10_000));
    await frozen(() => store.commit('late-lease', lease, flow));
    expect(await fieldsBecome('late-lease', ['flow', 'version'])).toEqual(['flow', 'version']);
    expect(await client.hGet(keyOf('late-lease'), 'version')).toBe('2');
    expect(await store.acquire('late-lease', 'd', 10_000)).toMatchObject({
      kind: 'leased',
      lease: { version: 2 },
    });
  });

  it('answers an operation only once the undo before it is done', async () => {
    const store = storeOf();
    expect(await store.create('ordered', 'a', 10_000)).toBe(true);
    await frozen(() => store.create('ordered-late', 'a', 10_000));
    expect(await store.create('ordered-late', 'b', 10_000)).toBe(true);
    expect(await client.hGet(keyOf('ordered-late'), 'lease')).toBe('b');
  });

  it('refuses at once, naming why, while the client is not connected', async () => {
    const closed = createClient({ url: redis.url });
    closed.on('error', () => {});
    const offline = redisFlowStore(closed, { prefix });
    for (const operation of [
      () => offline.create('offline', 'a', 10_000),
      () => offline.acquire('offline', 'a', 10_000),
      () => offline.release('offline', 'a'),
    ])
      await expect(operation()).rejects.toMatchObject({
        name: 'StoreUnavailableError',
        message: 'Redis is not connected',
      });
  });

  it('keeps its entries under otp-flow: by default, for 600 seconds after their last change', async () => {
    const plain = redisFlowStore(client);
    expect(await plain.create('default-prefix', 'a', 10_000)).toBe(true);
    expect(await plain.commit('default-prefix', { token: 'a', version: 0, flow: undefined }, flow)).toBe(
      true,
    );
    const ttl = await client.pTTL('otp-flow:{default-prefix}');
    expect(ttl).toBeGreaterThan(590_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
  });

  it('gives up an operation still waiting for an undo when Redis stays frozen', async () => {
    const store = storeOf();
    redis.pause();
    try {
      for (const flowId of ['frozen-first', 'frozen-second'])
        await expect(store.create(flowId, 'a', 10_000)).rejects.toMatchObject({
          name: 'StoreUnavailableError',
          message: 'Redis did not answer in time',
        });
    } finally {
      redis.resume();
    }
    expect(await store.create('frozen-second', 'b', 10_000)).toBe(true);
  });
});
