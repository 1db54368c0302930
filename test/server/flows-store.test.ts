import { afterAll, describe, expect, it } from 'vitest';
import type { OtpInput } from '../../src/index.ts';
import { createOtpFlows, type FlowStore, memoryFlowStore } from '../../src/server/index.ts';
import { createTestServer } from '../../src/testing/index.ts';
import { frozenDate } from '../helpers/clock.ts';
import { signedInRefreshJwt, uniqueEmail, uniquePhone } from '../helpers/flow.ts';
import { until } from '../helpers/wait.ts';
import { pathsFor } from './helpers.ts';

const descope = await createTestServer();
afterAll(() => descope.close());

const input: OtpInput = { projectId: descope.projectId, baseUrl: descope.url, resendCooldownMs: 0 };

/** A memory store and every call made to it, by operation and flow ID; `changes` alters single operations. */
function watchedStore(changes: Partial<FlowStore> = {}) {
  const inner = memoryFlowStore();
  const calls: string[] = [];
  const store: FlowStore = {
    create(flowId, token, leaseMs) {
      calls.push(`create ${flowId}`);
      return (changes.create ?? inner.create)(flowId, token, leaseMs);
    },
    acquire(flowId, token, leaseMs) {
      calls.push(`acquire ${flowId}`);
      return (changes.acquire ?? inner.acquire)(flowId, token, leaseMs);
    },
    commit(flowId, lease, flow) {
      calls.push(`commit ${flowId}`);
      return (changes.commit ?? inner.commit)(flowId, lease, flow);
    },
    release(flowId, token) {
      calls.push(`release ${flowId}`);
      return (changes.release ?? inner.release)(flowId, token);
    },
  };
  return { inner, store, calls };
}

const sentNothingSince = (before: number) => descope.requests.length === before;

describe('createOtpFlows on the edges of its store', () => {
  it('answers busy with the new flow ID and sends nothing when the store already holds that ID', async () => {
    const { store } = watchedStore({ create: async () => false });
    const flows = createOtpFlows({ input, store, limits: false });
    const before = descope.requests.length;
    const step = await flows.start({ loginId: uniqueEmail() });
    expect(step).toEqual({
      flowId: expect.stringMatching(/^[\w-]{24}$/),
      status: null,
      error: { kind: 'busy' },
      view: null,
    });
    expect(sentNothingSince(before)).toBe(true);
  });

  it('deletes the empty entry of a start whose create failed after it was made', async () => {
    const { inner, store } = watchedStore();
    const flows = createOtpFlows({
      input,
      limits: false,
      store: {
        ...store,
        create: async (flowId, token, leaseMs) => {
          await inner.create(flowId, token, leaseMs);
          throw new Error('no answer in time');
        },
      },
    });
    const before = descope.requests.length;
    const step = await flows.start({ loginId: uniqueEmail() });
    expect(step).toMatchObject({ status: null, error: { kind: 'storeUnavailable' } });
    expect(step.flowId).toMatch(/^[\w-]{24}$/);
    await until(() => inner.size === 0, { label: 'the empty entry deleted' });
    expect(sentNothingSince(before)).toBe(true);
  });

  it('gives back the lease of an acquire that failed after taking it, so the next step goes on', async () => {
    const { inner, store } = watchedStore();
    let failing = false;
    const flows = createOtpFlows({
      input,
      limits: false,
      store: {
        ...store,
        acquire: async (flowId, token, leaseMs) => {
          const acquired = await inner.acquire(flowId, token, leaseMs);
          if (failing) throw new Error('no answer in time');
          return acquired;
        },
      },
    });
    const loginId = uniqueEmail();
    const { flowId } = await flows.start({ loginId });
    failing = true;
    expect((await flows.resend(flowId)).error).toEqual({ kind: 'storeUnavailable' });
    failing = false;
    expect(await flows.submitCode(flowId, descope.lastCode(loginId) ?? '')).toMatchObject({
      status: 'authenticated',
    });
  });

  it('answers unknownFlow for an entry whose start never finished, deletes it and sends nothing', async () => {
    const { inner, store } = watchedStore();
    const flows = createOtpFlows({ input, store, limits: false });
    const flowId = 'UnfinishedStart000000000';
    expect(await inner.create(flowId, 'crashed', 1)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const before = descope.requests.length;
    expect(await flows.submitCode(flowId, '123456')).toEqual({
      flowId: null,
      status: null,
      error: { kind: 'unknownFlow' },
      view: null,
    });
    expect(inner.size).toBe(0);
    expect(sentNothingSince(before)).toBe(true);
  });

  it('answers unknownFlow for a stored value that is no flow, and deletes it', async () => {
    const { inner, store } = watchedStore();
    const flows = createOtpFlows({ input, store, limits: false });
    const flowId = 'GarbageInMemory000000000';
    await inner.create(flowId, 'a', 10_000);
    await inner.commit(flowId, { token: 'a', version: 0, flow: undefined }, { not: 'a flow' } as never);
    expect((await flows.resend(flowId)).error).toEqual({ kind: 'unknownFlow' });
    expect(inner.size).toBe(0);
  });

  it('never asks the store about a flow ID that is not one', async () => {
    const { store, calls } = watchedStore();
    const flows = createOtpFlows({ input, store, limits: false });
    for (const flowId of [
      '',
      'short',
      `${'A'.repeat(24)}\n`,
      `x${'A'.repeat(24)}`,
      `${'A'.repeat(24)}x`,
      'A'.repeat(23),
      `${'A'.repeat(23)}.`,
    ]) {
      expect((await flows.submitCode(flowId, '123456')).error, flowId).toEqual({ kind: 'unknownFlow' });
      expect((await flows.cancel(flowId)).error, flowId).toEqual({ kind: 'unknownFlow' });
    }
    expect(calls).toEqual([]);
    expect((await flows.cancel('AAAAAAAAAAAA-_zz09aaaaaa')).error).toEqual({ kind: 'unknownFlow' });
    expect(calls).toEqual(['acquire AAAAAAAAAAAA-_zz09aaaaaa']);
  });

  it('never asks the store about a step whose binding is not one', async () => {
    const { store, calls } = watchedStore();
    const flows = createOtpFlows({ input, store, limits: false });
    for (const binding of [42, 'short', { binding: 'x'.repeat(43) }])
      expect((await flows.cancel('BBBBBBBBBBBBBBBBBBBBBBBB', { binding } as never)).error).toEqual({
        kind: 'unknownFlow',
      });
    expect(calls).toEqual([]);
  });

  it('answers busy for a cancel whose lease was taken over before it could delete the flow', async () => {
    const { store } = watchedStore();
    let takenOver = false;
    const flows = createOtpFlows({
      input,
      limits: false,
      store: { ...store, commit: (...args) => (takenOver ? Promise.resolve(false) : store.commit(...args)) },
    });
    const loginId = uniqueEmail();
    const { flowId } = await flows.start({ loginId });
    takenOver = true;
    expect(await flows.cancel(flowId)).toEqual({
      flowId,
      status: 'idle',
      error: { kind: 'busy' },
      view: expect.objectContaining({ status: 'idle' }),
    });
  });

  it('takes a lease of the default length when requestTimeoutMs or leaseMarginMs is not finite', async () => {
    for (const [requestTimeoutMs, leaseMarginMs] of [
      [Number.POSITIVE_INFINITY, 300],
      [1_000, Number.POSITIVE_INFINITY],
    ]) {
      const leases: number[] = [];
      const { store } = watchedStore();
      const flows = createOtpFlows({
        input: { ...input, requestTimeoutMs },
        limits: false,
        leaseMarginMs,
        store: {
          ...store,
          create(flowId, token, leaseMs) {
            leases.push(leaseMs);
            return store.create(flowId, token, leaseMs);
          },
        },
      });
      await flows.start({ loginId: uniqueEmail() });
      expect(leases).toEqual([requestTimeoutMs === 1_000 ? 6_000 : 15_300]);
    }
  });

  it('reads a refresh JWT only when it is a string', async () => {
    const flows = createOtpFlows({ input: { ...input, operation: 'updateEmail' }, limits: false });
    const loginId = uniqueEmail();
    const before = descope.requests.length;
    const step = await flows.start({ loginId, email: uniqueEmail(), refreshJwt: 42 as never });
    expect(step.error).toEqual({ kind: 'invalidInput', field: 'refreshJwt' });
    expect(pathsFor(descope, loginId)).toEqual([]);
    expect(sentNothingSince(before)).toBe(true);
  });
});

describe('a resend during the cooldown', () => {
  it('answers the time left to the millisecond, in error and view, sending nothing and keeping the flow', async () => {
    const date = frozenDate();
    const { inner, store, calls } = watchedStore();
    const flows = createOtpFlows({ input: { ...input, resendCooldownMs: 60_000 }, store, limits: false });
    const loginId = uniqueEmail();
    const flowId = (await flows.start({ loginId })).flowId ?? '';
    date.advance(10_000);
    calls.length = 0;
    const step = await flows.resend(flowId);
    const error = { kind: 'rateLimited', retryAfterMs: 50_000 };
    expect(step).toMatchObject({ flowId, status: 'awaitingCode', error, view: { error, canResend: false } });
    expect(calls).toEqual([`acquire ${flowId}`, `release ${flowId}`]);
    expect(pathsFor(descope, loginId)).toHaveLength(1);
    expect(await inner.acquire(flowId, 'probe', 10)).toMatchObject({ lease: { version: 1 } });
  });
});

describe('a step refused before its request', () => {
  it('deletes the entry of a refused start, and keeps the flow of a refused resend', async () => {
    const { inner, store } = watchedStore();
    let human = false;
    const flows = createOtpFlows({ input, store, limits: false, verifyHuman: () => human });
    const before = descope.requests.length;
    const refused = await flows.start({ loginId: uniqueEmail(), captchaToken: 'token' });
    expect(refused).toMatchObject({ status: 'idle', error: { kind: 'botCheckFailed' } });
    expect(inner.size).toBe(0);
    expect(sentNothingSince(before)).toBe(true);

    human = true;
    const loginId = uniqueEmail();
    const { flowId } = await flows.start({ loginId, captchaToken: 'token' });
    human = false;
    expect(await flows.resend(flowId, { captchaToken: 'token' })).toMatchObject({
      flowId,
      status: 'awaitingCode',
      error: { kind: 'botCheckFailed' },
    });
    expect(await flows.submitCode(flowId, descope.lastCode(loginId) ?? '')).toMatchObject({
      status: 'authenticated',
    });
    expect(pathsFor(descope, loginId)).toHaveLength(2);
  });
});

describe('what the flows pass on and check first', () => {
  it('refuses a login ID, email or phone that is not a string before the store is asked', async () => {
    const { store, calls } = watchedStore();
    const flows = createOtpFlows({ input, store, limits: false });
    for (const field of ['loginId', 'email', 'phone'] as const) {
      const options = { loginId: uniqueEmail(), [field]: 5 } as never;
      expect(await flows.start(options), field).toEqual({
        flowId: null,
        status: null,
        error: { kind: 'invalidInput', field },
        view: null,
      });
    }
    expect(calls).toEqual([]);
  });

  it("gives the bot check each send's captcha token and client IP, and the events each verify's client IP", async () => {
    const checks: unknown[] = [];
    const events: unknown[] = [];
    const flows = createOtpFlows({
      input,
      limits: false,
      verifyHuman: ({ token, clientIp }) => {
        checks.push([token, clientIp]);
        return true;
      },
      onEvent: (event) => {
        if (event.type === 'verified') events.push(event.clientIp);
      },
    });
    const loginId = uniqueEmail();
    const { flowId } = await flows.start({ loginId, captchaToken: 'first', clientIp: '192.0.2.1' });
    await flows.resend(flowId, { captchaToken: 'second', clientIp: '192.0.2.2' });
    await flows.submitCode(flowId, descope.lastCode(loginId) ?? '', { clientIp: '192.0.2.3' });
    expect(checks).toEqual([
      ['first', '192.0.2.1'],
      ['second', '192.0.2.2'],
    ]);
    expect(events).toEqual(['192.0.2.3']);
  });

  it('leases a step for its request, the margin and the longest the abuse checks may take', async () => {
    const cases = [
      [{ limits: false, verifyHuman: () => true }, 1_000 + 300 + 10_000],
      [{}, 1_000 + 300 + 5_000],
    ] as const;
    for (const [options, expected] of cases) {
      const leases: number[] = [];
      const { store } = watchedStore();
      const flows = createOtpFlows({
        ...options,
        input: { ...input, requestTimeoutMs: 1_000 },
        leaseMarginMs: 300,
        store: {
          ...store,
          create(flowId, token, leaseMs) {
            leases.push(leaseMs);
            return store.create(flowId, token, leaseMs);
          },
        },
      });
      await flows.start({ loginId: uniqueEmail() });
      expect(leases).toEqual([expected]);
    }
  });

  it('answers storeUnavailable, not notStored, for a refused resend whose lease could not be given back', async () => {
    const { store } = watchedStore();
    let failing = false;
    let human = true;
    const flows = createOtpFlows({
      input: { ...input, resendCooldownMs: 60_000 },
      limits: false,
      verifyHuman: () => human,
      store: {
        ...store,
        release: (flowId, token) =>
          failing ? Promise.reject(new Error('gone')) : store.release(flowId, token),
      },
    });
    const { flowId } = await flows.start({ loginId: uniqueEmail() });
    failing = true;
    expect((await flows.resend(flowId)).error).toEqual({ kind: 'storeUnavailable' });
    const other = createOtpFlows({
      input,
      limits: false,
      verifyHuman: () => human,
      store: {
        ...store,
        release: (id, token) => (failing ? Promise.reject(new Error('gone')) : store.release(id, token)),
      },
    });
    failing = false;
    const started = await other.start({ loginId: uniqueEmail() });
    failing = true;
    human = false;
    expect((await other.resend(started.flowId)).error).toEqual({ kind: 'storeUnavailable' });
  });

  it('sends on the channel a start names, and to the phone an update names', async () => {
    const flows = createOtpFlows({ input, limits: false, channels: ['email', 'sms'] });
    const phone = uniquePhone();
    expect(await flows.start({ loginId: phone, channel: 'sms' })).toMatchObject({ status: 'awaitingCode' });
    expect(pathsFor(descope, phone)).toEqual(['/v1/auth/otp/signup-in/sms']);
    const loginId = uniqueEmail();
    const refreshJwt = await signedInRefreshJwt(descope, loginId);
    const updates = createOtpFlows({
      input: { ...input, operation: 'updatePhone', channel: 'sms' },
      limits: false,
    });
    const update = await updates.start({ loginId, phone: uniquePhone(), refreshJwt });
    expect(update).toMatchObject({ status: 'awaitingCode', error: null });
  });
});
