import { expect, it } from 'vitest';
import { createActor } from 'xstate';
import { otpMachine, persistFlow } from '../../src/index.ts';
import type { FlowLease, FlowStore } from '../../src/server/index.ts';
import { leaseOf, pause } from './helpers.ts';

const persisted = () =>
  persistFlow(createActor(otpMachine, { input: { projectId: 'P2aAc4T2V93bddihGEx2Ryhc8e5Z' } }));

let counter = 0;
function newId() {
  counter += 1;
  return `contract-${Date.now()}-${counter}`;
}

const flow = persisted();

async function created(store: FlowStore) {
  const flowId = newId();
  expect(await store.create(flowId, 'first', 10_000)).toBe(true);
  const lease: FlowLease = { token: 'first', version: 0, flow: undefined };
  expect(await store.commit(flowId, lease, flow)).toBe(true);
  return flowId;
}

/** The guarantees every `FlowStore` gives, as tests. */
export function storeContract(store: () => FlowStore): void {
  it('creates an entry once, leased to its creator', async () => {
    const flowId = newId();
    expect(await store().create(flowId, 'a', 10_000)).toBe(true);
    expect(await store().create(flowId, 'b', 10_000)).toBe(false);
    expect(await store().acquire(flowId, 'b', 10_000)).toEqual({ kind: 'busy' });
  });

  it('leases an entry to one step at a time and hands back what was stored', async () => {
    const flowId = await created(store());
    const lease = await store().acquire(flowId, 'second', 10_000);
    expect(lease).toEqual({ kind: 'leased', lease: { token: 'second', version: 1, flow } });
    expect(await store().acquire(flowId, 'third', 10_000)).toEqual({ kind: 'busy' });
    await store().release(flowId, 'not-the-holder');
    expect(await store().acquire(flowId, 'third', 10_000)).toEqual({ kind: 'busy' });
    await store().release(flowId, 'second');
    expect(await store().acquire(flowId, 'third', 10_000)).toMatchObject({
      kind: 'leased',
      lease: { token: 'third', version: 1 },
    });
  });

  it('commits only with the lease held and the version unchanged', async () => {
    const flowId = await created(store());
    const lease = await leaseOf(store().acquire(flowId, 'second', 10_000));
    expect(await store().commit(flowId, { ...lease, token: 'other' }, flow)).toBe(false);
    expect(await store().commit(flowId, { ...lease, version: 7 }, flow)).toBe(false);
    expect(await store().commit(flowId, lease, flow)).toBe(true);
    expect(await store().commit(flowId, lease, flow)).toBe(false);
    expect(await store().acquire(flowId, 'third', 10_000)).toMatchObject({ lease: { version: 2 } });
  });

  it('lets a lease expire, and then refuses the commit of the step that held it', async () => {
    const flowId = await created(store());
    const stale = await leaseOf(store().acquire(flowId, 'slow', 50));
    await pause(120);
    expect(await store().commit(flowId, stale, null)).toBe(false);
    const fresh = await leaseOf(store().acquire(flowId, 'next', 10_000));
    expect(fresh).toMatchObject({ token: 'next', version: 1 });
    expect(await store().commit(flowId, stale, null)).toBe(false);
    expect(await store().commit(flowId, fresh, null)).toBe(true);
    expect(await store().acquire(flowId, 'after', 10_000)).toEqual({ kind: 'missing' });
  });

  it('answers missing for an entry never created', async () => {
    expect(await store().acquire(newId(), 'a', 10_000)).toEqual({ kind: 'missing' });
  });
}
