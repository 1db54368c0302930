import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createActor } from 'xstate';
import { otpMachine, persistFlow } from '../../src/index.ts';
import { memoryFlowStore } from '../../src/server/index.ts';

const minute = 60_000;
const flow = persistFlow(createActor(otpMachine, { input: { projectId: 'P2aAc4T2V93bddihGEx2Ryhc8e5Z' } }));

describe('memoryFlowStore frees expired entries on its own', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('frees every expired entry within a minute of its expiry though nothing uses the store', async () => {
    const store = memoryFlowStore({ ttlSeconds: 600 });
    await store.create('stored', 'a', 10_000);
    expect(await store.commit('stored', { token: 'a', version: 0, flow: undefined }, flow)).toBe(true);
    vi.advanceTimersByTime(330_000);
    await store.create('later', 'b', 10_000);
    expect(store.size).toBe(2);

    vi.advanceTimersByTime(600_000 - 330_000 - 1);
    expect(store.size).toBe(2);
    vi.advanceTimersByTime(minute);
    expect(store.size).toBe(1);
    vi.advanceTimersByTime(930_000 - 600_000 - minute);
    expect(store.size).toBe(1);
    vi.advanceTimersByTime(minute);
    expect(store.size).toBe(0);
    expect(await store.acquire('stored', 'c', 10_000)).toEqual({ kind: 'missing' });
  });

  it('runs its timer only while it holds entries, and never again after close()', async () => {
    const store = memoryFlowStore({ ttlSeconds: 60 });
    expect(vi.getTimerCount()).toBe(0);
    await store.create('one', 'a', 1_000);
    await store.create('two', 'a', 1_000);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(2 * minute);
    expect(store.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);

    await store.create('three', 'a', 1_000);
    expect(vi.getTimerCount()).toBe(1);
    store.close();
    expect(vi.getTimerCount()).toBe(0);
    await store.create('four', 'a', 1_000);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(2 * minute);
    expect(store.size).toBe(2);
    expect(await store.acquire('four', 'b', 1_000)).toEqual({ kind: 'missing' });
    expect(store.size).toBe(0);
  });
});

it('does not keep a process alive while it holds entries', async () => {
  const script = [
    "const { memoryFlowStore } = await import('./src/server/index.ts');",
    'const store = memoryFlowStore();',
    "await store.create('flow', 'token', 10_000);",
    "process.stdout.write('holding ' + store.size);",
  ].join('\n');
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise((resolve) => child.once('exit', resolve));
  expect({ code, output }).toEqual({ code: 0, output: 'holding 1' });
}, 60_000);
