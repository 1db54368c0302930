import type { FlowAcquisition, FlowLease, FlowStore } from '../../src/server/index.ts';
import type { TestServer } from '../../src/testing/index.ts';

/** Requests that reached the test server for this login ID, by path. */
export const pathsFor = (descope: TestServer, loginId: string): string[] =>
  descope.requests
    .filter((request) => (request.body as { loginId?: string } | undefined)?.loginId === loginId)
    .map((request) => request.path);

/** Codes the test server delivered to this login ID. */
export const codesFor = (descope: TestServer, loginId: string): string[] =>
  descope.deliveries.filter((delivery) => delivery.loginId === loginId).map((delivery) => delivery.code);

/** A store that keeps the JSON text of everything committed to `inner`, to look for secrets in it. */
export function recordingStore(inner: FlowStore): FlowStore & { written: string[] } {
  const written: string[] = [];
  return {
    written,
    create: (flowId, token, leaseMs) => inner.create(flowId, token, leaseMs),
    acquire: (flowId, token, leaseMs) => inner.acquire(flowId, token, leaseMs),
    release: (flowId, token) => inner.release(flowId, token),
    commit(flowId, lease, flow) {
      if (flow) written.push(JSON.stringify(flow));
      return inner.commit(flowId, lease, flow);
    },
    ...(inner.limiter ? { limiter: inner.limiter.bind(inner) } : {}),
  };
}

/** The lease an `acquire` took; throws (failing the test) when it took none. */
export async function leaseOf(acquisition: Promise<FlowAcquisition>): Promise<FlowLease> {
  const acquired = await acquisition;
  if (acquired.kind !== 'leased') throw new Error(`acquire answered ${acquired.kind}, not a lease`);
  return acquired.lease;
}

/** A store whose every operation rejects, as one that cannot be reached. */
export const unreachableStore = (): FlowStore => {
  const fail = () => Promise.reject(new Error('connect ECONNREFUSED'));
  return { create: fail, acquire: fail, commit: fail, release: fail };
};

export { holds } from '../helpers/codes.ts';

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
