import { describe, expect } from 'vitest';
import type { OtpInput } from '../../src/index.ts';
import { createOtpFlows, type FlowStore, memoryFlowStore } from '../../src/server/index.ts';
import type { TestServer } from '../../src/testing/index.ts';
import { frozenDate } from '../helpers/clock.ts';
import { wrongCode } from '../helpers/codes.ts';
import { test as it } from '../helpers/fixtures.ts';
import { uniqueEmail } from '../helpers/flow.ts';
import { gate } from '../helpers/gate.ts';
import { until } from '../helpers/wait.ts';
import { leaseOf, pathsFor } from './helpers.ts';

const VERIFY = '/v1/auth/otp/verify/email';

it.afterEach(({ server }) => server.clearFaults());

/** A store that records the lease length of every `create` and `acquire`. */
function leaseRecorder(inner: FlowStore) {
  const leases: number[] = [];
  const store: FlowStore = {
    create(flowId, token, leaseMs) {
      leases.push(leaseMs);
      return inner.create(flowId, token, leaseMs);
    },
    acquire(flowId, token, leaseMs) {
      leases.push(leaseMs);
      return inner.acquire(flowId, token, leaseMs);
    },
    commit: (flowId, lease, flow) => inner.commit(flowId, lease, flow),
    release: (flowId, token) => inner.release(flowId, token),
  };
  return { store, leases };
}

const inputFor = (server: TestServer, extra: Partial<OtpInput> = {}): OtpInput => ({
  projectId: server.projectId,
  baseUrl: server.url,
  resendCooldownMs: 0,
  ...extra,
});

describe('the lease of a step', () => {
  it('lasts requestTimeoutMs plus leaseMarginMs, rounded up, for every step', async ({ server }) => {
    const cases = [
      [{ requestTimeoutMs: 2_000 }, 300, 2_300],
      [{}, undefined, 20_000],
      [{ requestTimeoutMs: 1_000 }, undefined, 6_000],
      [{}, 250, 15_250],
      [{ requestTimeoutMs: 1_000.25 }, 0.5, 1_001],
      [{ requestTimeoutMs: 1_000 }, -1, 6_000],
      [{ requestTimeoutMs: 1_000 }, Number.NaN, 6_000],
      [{ requestTimeoutMs: 1_000 }, 0, 1_000],
      [{ requestTimeoutMs: 0 }, 300, 15_300],
      [{ requestTimeoutMs: -1 }, 300, 15_300],
    ] as const;
    for (const [input, leaseMarginMs, expected] of cases) {
      const { store, leases } = leaseRecorder(memoryFlowStore());
      const flows = createOtpFlows({ limits: false, input: inputFor(server, input), store, leaseMarginMs });
      const loginId = uniqueEmail();
      const { flowId } = await flows.start({ loginId });
      await flows.submitCode(flowId, wrongCode(server.lastCode(loginId)));
      await flows.resend(flowId);
      expect(leases, JSON.stringify({ input, leaseMarginMs })).toEqual([expected, expected, expected]);
    }
  });
});

describe('a step that outlived its lease', () => {
  const requestTimeoutMs = 60_000;
  const leaseMs = requestTimeoutMs + 300;

  /**
   * Starts a flow, holds the verify of `firstCode` at the server, lets the lease run out and has another
   * step (a wrong code) take the flow meanwhile; answers both steps and the entry the store then holds.
   */
  async function outlived(server: TestServer, firstCode: (code: string) => string) {
    const date = frozenDate();
    const store = memoryFlowStore();
    const flows = createOtpFlows({
      limits: false,
      input: inputFor(server, { requestTimeoutMs }),
      store,
      leaseMarginMs: 300,
    });
    const loginId = uniqueEmail();
    const flowId = (await flows.start({ loginId })).flowId ?? '';
    const code = server.lastCode(loginId) ?? '';
    const verify = gate();
    server.fault({ kind: 'delay', until: verify.promise, path: VERIFY });
    const slow = flows.submitCode(flowId, firstCode(code));
    await until(() => pathsFor(server, loginId).includes(VERIFY));
    date.advance(leaseMs - 1);
    expect(await flows.submitCode(flowId, wrongCode(code))).toMatchObject({ error: { kind: 'busy' } });
    date.advance(1);
    const meanwhile = await flows.submitCode(flowId, wrongCode(code));
    expect(meanwhile).toMatchObject({
      status: 'awaitingCode',
      error: { kind: 'wrongCode', attemptsLeft: 2 },
    });
    verify.open();
    const step = await slow;
    const entry = await leaseOf(store.acquire(flowId, 'probe', 1_000));
    return { step, meanwhile, entry, flowId };
  }

  it('answers notStored (its request went out) and stores nothing', async ({ server }) => {
    const { step, meanwhile, entry, flowId } = await outlived(server, wrongCode);
    expect(step).toEqual({
      flowId,
      status: 'awaitingCode',
      error: { kind: 'notStored' },
      view: expect.any(Object),
    });
    expect(entry).toMatchObject({ version: 2, flow: { context: { attemptsLeft: 2 } } });
    expect(entry.flow).toMatchObject({ context: { error: meanwhile.error } });
  });

  it('answers its session when it signed in, and stores nothing', async ({ server }) => {
    const { step, entry, flowId } = await outlived(server, (code) => code);
    expect(step).toMatchObject({
      flowId,
      status: 'authenticated',
      error: null,
      session: { sessionJwt: expect.any(String) },
    });
    expect(entry).toMatchObject({ version: 2, flow: { context: { attemptsLeft: 2 } } });
  });
});
