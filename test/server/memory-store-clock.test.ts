import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { otpMachine, persistFlow } from '../../src/index.ts';
import { memoryFlowStore } from '../../src/server/index.ts';
import { leaseOf } from './helpers.ts';

const flow = persistFlow(createActor(otpMachine, { input: { projectId: 'P2aAc4T2V93bddihGEx2Ryhc8e5Z' } }));
const created = { token: 'first', version: 0, flow: undefined };

/** A store whose sweep timer is stopped, so that only its own clock reads free entries. */
function quietStore(ttlSeconds: number) {
  const store = memoryFlowStore({ ttlSeconds });
  store.close();
  return store;
}

const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

describe('memoryFlowStore at the edges of its times', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps a lease until the millisecond it ends', async () => {
    const store = quietStore(600);
    await store.create('flow', 'first', 10_000);
    expect(await store.commit('flow', created, flow)).toBe(true);
    const lease = await leaseOf(store.acquire('flow', 'slow', 100));
    advance(99);
    expect(await store.acquire('flow', 'next', 100)).toEqual({ kind: 'busy' });
    expect(await store.commit('flow', lease, flow)).toBe(true);
    const again = await leaseOf(store.acquire('flow', 'slow', 100));
    advance(100);
    expect(await store.commit('flow', again, flow)).toBe(false);
    await store.release('flow', 'slow');
    expect(await store.acquire('flow', 'next', 100)).toMatchObject({ kind: 'leased' });
  });

  it('lets only the holder release a lease, and only while it holds it', async () => {
    const store = quietStore(600);
    await store.create('flow', 'first', 10_000);
    await store.commit('flow', created, flow);
    await store.acquire('flow', 'holder', 1_000);
    await store.release('flow', 'other');
    expect(await store.acquire('flow', 'other', 1_000)).toEqual({ kind: 'busy' });
    await store.release('flow', 'holder');
    const lease = await leaseOf(store.acquire('flow', 'second', 1_000));
    advance(1_000);
    await store.acquire('flow', 'third', 1_000);
    await store.release('flow', 'second');
    expect(await store.acquire('flow', 'fourth', 1_000)).toEqual({ kind: 'busy' });
    expect(await store.commit('flow', lease, flow)).toBe(false);
  });

  it('expires an entry ttlSeconds after its last change, to the millisecond', async () => {
    const store = quietStore(1);
    await store.create('flow', 'first', 100);
    expect(await store.commit('flow', created, flow)).toBe(true);
    advance(999);
    const lease = await leaseOf(store.acquire('flow', 'a', 1));
    expect(lease).toEqual({ token: 'a', version: 1, flow: JSON.parse(JSON.stringify(flow)) });
    advance(1);
    expect(await store.acquire('flow', 'b', 1)).toEqual({ kind: 'missing' });
    expect(store.size).toBe(0);
  });

  it('keeps a new entry as long as its first lease when that is longer than ttlSeconds', async () => {
    const store = quietStore(1);
    await store.create('flow', 'first', 5_000);
    advance(4_999);
    expect(await store.create('flow', 'again', 5_000)).toBe(false);
    expect(await store.commit('flow', created, flow)).toBe(true);
    await store.create('short', 'first', 10);
    advance(999);
    expect(await store.create('short', 'b', 10)).toBe(false);
    advance(1);
    expect(await store.create('short', 'b', 10)).toBe(true);
  });

  it('keeps an entry while a lease on it runs, though its TTL ends sooner', async () => {
    const store = quietStore(1);
    await store.create('flow', 'first', 100);
    await store.commit('flow', created, flow);
    advance(500);
    const lease = await leaseOf(store.acquire('flow', 'long', 5_000));
    advance(4_999);
    expect(await store.commit('flow', lease, flow)).toBe(true);
    expect(await store.acquire('flow', 'next', 10)).toMatchObject({ lease: { version: 2 } });
  });

  it('frees expired entries on use once a minute has passed since its last sweep', async () => {
    const store = quietStore(1);
    await store.create('old', 'a', 10);
    advance(59_999);
    await store.create('other', 'a', 10);
    expect(store.size).toBe(2);
    advance(1);
    await store.create('new', 'a', 10);
    expect(store.size).toBe(2);
    expect(await store.create('other', 'b', 10)).toBe(false);
  });

  it('answers false to a commit and ignores a release of an entry it does not hold', async () => {
    const store = quietStore(1);
    expect(await store.commit('never', created, flow)).toBe(false);
    await expect(store.release('never', 'first')).resolves.toBeUndefined();
    await store.create('gone', 'first', 10);
    advance(1_000);
    expect(await store.commit('gone', created, null)).toBe(false);
    await expect(store.release('gone', 'first')).resolves.toBeUndefined();
  });
});
