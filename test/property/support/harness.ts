import { type Actor, createActor, SimulatedClock, type SnapshotFrom, waitFor } from 'xstate';
import { statuses } from '../../../machines/concepts.ts';
import { type OtpEvent, otpMachine } from '../../../src/index.ts';
import { createTestServer, type TestServer } from '../../../src/testing/index.ts';
import { until } from '../../helpers/wait.ts';
import { CODE_TTL_MS, COOLDOWN_MS, type Family, MAX_ATTEMPTS, type OtpModel } from './model.ts';

export type OtpActor = Actor<typeof otpMachine>;
export type OtpSnapshot = SnapshotFrom<typeof otpMachine>;

const START = Date.UTC(2030, 0, 1);
const SETTLE_MS = 3_000;

/** One flow of one run: the real actor, its clock and what the server saw since the run began. */
export interface Real {
  readonly server: TestServer;
  readonly clock: SimulatedClock;
  readonly actor: OtpActor;
  readonly loginId: string;
  readonly refreshSecret: string;
  readonly runRequests: number;
  readonly runDeliveries: number;
  flowDeliveries: number;
  submitted: string | null;
  sessionJwts: string[];
  readonly errors: unknown[];
  readonly visited: Set<Family>;
}

/**
 * A test server shared by every run of a property; each run gets its own clock and login ID. A run that
 * left requests open (a failed run) gets the next run a fresh server, so failures do not leak.
 */
export interface Bench {
  readonly server: TestServer;
  newRun(requestTimeoutMs?: number): Promise<Real>;
  close(): Promise<void>;
}

export const createBench = async (): Promise<Bench> => {
  let clock = new SimulatedClock();
  const start = () =>
    createTestServer({ now: () => clock.now(), codeTtlMs: CODE_TTL_MS, maxAttempts: MAX_ATTEMPTS });
  let server = await start();
  let runs = 0;
  return {
    get server() {
      return server;
    },
    async newRun(requestTimeoutMs) {
      if (server.openRequests() > 0) {
        await server.close();
        server = await start();
      }
      runs += 1;
      clock = new SimulatedClock();
      clock.set(START);
      const loginId = `+1415${String(runs).padStart(7, '0')}`;
      const refreshSecret = `refresh-secret-${runs}`;
      const actor = createActor(otpMachine, {
        clock,
        input: {
          projectId: server.projectId,
          baseUrl: server.url,
          channel: 'sms',
          refreshJwt: refreshSecret,
          resendCooldownMs: COOLDOWN_MS,
          codeTtlMs: CODE_TTL_MS,
          ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
        },
      });
      const errors: unknown[] = [];
      actor.subscribe({ error: (error) => errors.push(error) });
      actor.start();
      return {
        server,
        clock,
        actor,
        loginId,
        refreshSecret,
        runRequests: server.requests.length,
        runDeliveries: server.deliveries.length,
        flowDeliveries: server.deliveries.length,
        submitted: null,
        sessionJwts: [],
        errors,
        visited: new Set(),
      };
    },
    close: () => server.close(),
  };
};

export const familyOf = (snapshot: OtpSnapshot): Family => {
  if (snapshot.matches({ awaitingCode: 'expired' })) return 'expired';
  for (const family of statuses) {
    if (snapshot.matches(family)) return family;
  }
  throw new Error(`unknown state ${JSON.stringify(snapshot.value)}`);
};

export const isBusy = (snapshot: OtpSnapshot): boolean =>
  snapshot.status === 'active' && (snapshot.matches('sending') || snapshot.matches('verifying'));

/**
 * Waits until the machine has left `sending`/`verifying` (or hangs there as the model expects), the
 * expected number of requests reached the server and no request is open but a hanging one.
 */
export const settle = async (real: Real, model: OtpModel, expectedRequests: number): Promise<void> => {
  const stuck = () => {
    const seen = `${real.server.requests.length} request(s), ${real.server.openRequests()} open`;
    const state = JSON.stringify(real.actor.getSnapshot().value);
    const expected = `${expectedRequests} request(s), ${model.hanging ? 'one hanging' : 'none open'}`;
    return new Error(
      `settle: still ${state} with ${seen} after ${SETTLE_MS} ms; the model expects ${expected}`,
    );
  };
  await waitFor(real.actor, (snapshot) => !isBusy(snapshot) || model.hanging, { timeout: SETTLE_MS }).catch(
    () => Promise.reject(stuck()),
  );
  await until(
    () => {
      if (real.server.requests.length < expectedRequests) return false;
      const open = real.server.openRequests();
      return isBusy(real.actor.getSnapshot()) ? model.hanging && open > 0 : open === 0;
    },
    { timeoutMs: SETTLE_MS },
  ).catch(() => Promise.reject(stuck()));
};

export const sendEvent = (real: Real, event: OtpEvent | Record<string, unknown>): void => {
  try {
    real.actor.send(event as OtpEvent);
  } catch (error) {
    throw new Error(`invariant 7 (no event throws): ${JSON.stringify(event)} threw ${String(error)}`);
  }
};

export const runDeliveries = (real: Real) => real.server.deliveries.slice(real.runDeliveries);
export const flowDeliveries = (real: Real) => real.server.deliveries.slice(real.flowDeliveries);
export const runRequests = (real: Real) => real.server.requests.slice(real.runRequests);
