import { type Actor, createActor, SimulatedClock, type SnapshotFrom, waitFor } from 'xstate';
import { isUpdateOperation, phoneChannels, statuses } from '../../../machines/concepts.ts';
import { type Channel, type Operation, type OtpEvent, otpMachine } from '../../../src/index.ts';
import { createTestServer, type TestServer } from '../../../src/testing/index.ts';
import { until } from '../../helpers/wait.ts';
import { CODE_TTL_MS, COOLDOWN_MS, type Family, MAX_ATTEMPTS, type OtpModel } from './model.ts';

export type OtpActor = Actor<typeof otpMachine>;
export type OtpSnapshot = SnapshotFrom<typeof otpMachine>;

const START = Date.UTC(2030, 0, 1);
const SETTLE_MS = 3_000;

/** What a run's flow is made with: its operation, channel, code length and request timeout. */
export interface RunConfig {
  readonly operation: Operation;
  readonly channel: Channel;
  readonly codeLength: number;
  /** A short timeout turns a hanging request into a `timeout` failure; without it the request hangs. */
  readonly requestTimeoutMs?: number;
}

export const defaultConfig: RunConfig = { operation: 'signUpOrIn', channel: 'sms', codeLength: 6 };

/** One flow of one run: the real actor, its clock and what the server saw since the run began. */
export interface Real {
  readonly config: RunConfig;
  readonly server: TestServer;
  readonly clock: SimulatedClock;
  readonly actor: OtpActor;
  readonly loginId: string;
  /** The new address of an update, sent with every `SEND`. */
  readonly newAddress: string | undefined;
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
 * Test servers shared by every run of a property, one per code length; each run gets its own clock and
 * login ID. A run that left requests open (a failed run) gets the next run a fresh server, so failures do
 * not leak.
 */
export interface Bench {
  newRun(config?: Partial<RunConfig>): Promise<Real>;
  close(): Promise<void>;
}

const phoneFor = (prefix: string, run: number) => `${prefix}${String(run).padStart(7, '0')}`;

export const createBench = async (): Promise<Bench> => {
  let clock = new SimulatedClock();
  const servers = new Map<number, TestServer>();
  const start = (codeLength: number) =>
    createTestServer({
      now: () => clock.now(),
      codeTtlMs: CODE_TTL_MS,
      maxAttempts: MAX_ATTEMPTS,
      codeLength,
    });
  const serverFor = async (codeLength: number) => {
    const running = servers.get(codeLength);
    if (running && running.openRequests() === 0) return running;
    await running?.close();
    const server = await start(codeLength);
    servers.set(codeLength, server);
    return server;
  };
  let runs = 0;
  return {
    async newRun(options = {}) {
      const config = { ...defaultConfig, ...options };
      const server = await serverFor(config.codeLength);
      runs += 1;
      clock = new SimulatedClock();
      clock.set(START);
      const byPhone = (phoneChannels as readonly string[]).includes(config.channel);
      const loginId = byPhone ? phoneFor('+1415', runs) : `user${runs}@example.com`;
      const signedIn = config.operation === 'signIn' || isUpdateOperation(config.operation);
      const refreshSecret = signedIn
        ? (await server.issueSession(loginId)).refreshJwt
        : `refresh-secret-${runs}`;
      const newAddress =
        config.operation === 'updateEmail'
          ? `new${runs}@example.com`
          : config.operation === 'updatePhone'
            ? phoneFor('+1650', runs)
            : undefined;
      const actor = createActor(otpMachine, {
        clock,
        input: {
          projectId: server.projectId,
          baseUrl: server.url,
          operation: config.operation,
          channel: config.channel,
          codeLength: config.codeLength,
          refreshJwt: refreshSecret,
          resendCooldownMs: COOLDOWN_MS,
          codeTtlMs: CODE_TTL_MS,
          ...(config.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: config.requestTimeoutMs }),
        },
      });
      const errors: unknown[] = [];
      actor.subscribe({ error: (error) => errors.push(error) });
      actor.start();
      return {
        config,
        server,
        clock,
        actor,
        loginId,
        newAddress,
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
    async close() {
      await Promise.all([...servers.values()].map((server) => server.close()));
    },
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
