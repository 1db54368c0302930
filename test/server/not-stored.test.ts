import { afterAll, describe, expect, it } from 'vitest';
import type { OtpInput } from '../../src/index.ts';
import { createOtpFlows, type FlowStore, memoryFlowStore } from '../../src/server/index.ts';
import { createTestServer } from '../../src/testing/index.ts';
import { uniqueEmail } from '../helpers/flow.ts';
import { codesFor, pathsFor } from './helpers.ts';

const descope = await createTestServer();
afterAll(() => descope.close());

const input: OtpInput = { projectId: descope.projectId, baseUrl: descope.url, resendCooldownMs: 0 };

/** A memory store whose commits reject while `failing` is set, as a store lost after the lease was taken. */
function storeLosingCommits() {
  const inner = memoryFlowStore();
  const store: FlowStore & { failing: boolean } = {
    failing: false,
    create: (flowId, token, leaseMs) => inner.create(flowId, token, leaseMs),
    acquire: (flowId, token, leaseMs) => inner.acquire(flowId, token, leaseMs),
    release: (flowId, token) => inner.release(flowId, token),
    commit: (flowId, lease, flow) =>
      store.failing ? Promise.reject(new Error('connect ECONNREFUSED')) : inner.commit(flowId, lease, flow),
  };
  return store;
}

describe('a step whose request went out but whose result could not be stored', () => {
  it('answers notStored with the view after a first send; the flow is unknown once the store is back', async () => {
    const store = storeLosingCommits();
    const flows = createOtpFlows({ input, store });
    const loginId = uniqueEmail();
    store.failing = true;
    const step = await flows.start({ loginId });
    expect(step).toMatchObject({
      status: 'awaitingCode',
      error: { kind: 'notStored' },
      view: { status: 'awaitingCode', loginId, maskedDestination: expect.stringContaining('@example.com') },
    });
    expect(codesFor(descope, loginId)).toHaveLength(1);
    store.failing = false;
    expect(await flows.submitCode(step.flowId, descope.lastCode(loginId) ?? '')).toMatchObject({
      error: { kind: 'unknownFlow' },
    });
    expect(pathsFor(descope, loginId)).toEqual(['/v1/auth/otp/signup-in/email']);
  });

  it('answers notStored after a resend, and the code it sent still signs in on the same flow', async () => {
    const store = storeLosingCommits();
    const flows = createOtpFlows({ input, store });
    const loginId = uniqueEmail();
    const { flowId } = await flows.start({ loginId });
    store.failing = true;
    expect(await flows.resend(flowId)).toMatchObject({
      flowId,
      status: 'awaitingCode',
      error: { kind: 'notStored' },
      view: { status: 'awaitingCode', maskedDestination: expect.stringContaining('@example.com') },
    });
    expect(codesFor(descope, loginId)).toHaveLength(2);
    store.failing = false;
    expect(await flows.submitCode(flowId, descope.lastCode(loginId) ?? '')).toMatchObject({
      status: 'authenticated',
      error: null,
      session: { user: { email: loginId } },
    });
  });

  it('still returns the session of a verify that authenticated', async () => {
    const store = storeLosingCommits();
    const flows = createOtpFlows({ input, store });
    const loginId = uniqueEmail();
    const { flowId } = await flows.start({ loginId });
    store.failing = true;
    expect(await flows.submitCode(flowId, descope.lastCode(loginId) ?? '')).toMatchObject({
      status: 'authenticated',
      error: null,
      session: { sessionJwt: expect.any(String), user: { email: loginId } },
    });
  });

  it('answers notStored, not busy, when the step outlived its lease', async () => {
    const store = memoryFlowStore();
    const flows = createOtpFlows({
      input: { ...input, requestTimeoutMs: 400 },
      store,
      leaseMarginMs: 0,
      limits: false,
    });
    const loginId = uniqueEmail();
    const { flowId } = await flows.start({ loginId });
    descope.fault({ kind: 'delay', delayMs: 1_000, path: '/v1/auth/otp/signup-in/email' });
    const step = await flows.resend(flowId);
    expect(step).toMatchObject({ status: 'awaitingCode', error: { kind: 'notStored' } });
    expect(pathsFor(descope, loginId)).toHaveLength(2);
  });

  it('answers storeUnavailable when nothing was sent: a resend refused by the cooldown, a cancel', async () => {
    const store = storeLosingCommits();
    const flows = createOtpFlows({ input: { ...input, resendCooldownMs: 60_000 }, store });
    const loginId = uniqueEmail();
    const { flowId } = await flows.start({ loginId });
    store.failing = true;
    expect((await flows.cancel(flowId)).error).toEqual({ kind: 'storeUnavailable' });
    expect((await flows.submitCode(flowId, '12')).error).toEqual({ kind: 'storeUnavailable' });
    expect(pathsFor(descope, loginId)).toHaveLength(1);
  });
});
