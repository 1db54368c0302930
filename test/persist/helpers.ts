import { until } from '../helpers/until.ts';

export { until };

import { type Actor, createActor, SimulatedClock, type Snapshot, waitFor } from 'xstate';
import { type OtpInput, otpMachine, type PersistedFlow, persistFlow, restoreFlow } from '../../src/index.ts';
import type { TestServer } from '../../src/testing/index.ts';

export type FlowActor = Actor<typeof otpMachine>;

let counter = 0;

export function newPhone(): string {
  counter += 1;
  return `+1650555${String(counter).padStart(4, '0')}`;
}

export function newEmail(): string {
  counter += 1;
  return `resume${counter}@example.com`;
}

export function inputFor(server: TestServer, extra: Partial<OtpInput> = {}): OtpInput {
  return { projectId: server.projectId, baseUrl: server.url, channel: 'sms', ...extra };
}

export function startFlow(input: OtpInput, clock?: SimulatedClock, snapshot?: Snapshot<unknown>): FlowActor {
  return createActor(otpMachine, {
    input,
    ...(clock ? { clock } : {}),
    ...(snapshot ? { snapshot } : {}),
  }).start();
}

export const settle = (actor: FlowActor) =>
  waitFor(actor, (snapshot) => !snapshot.matches('sending') && !snapshot.matches('verifying'), {
    timeout: 5_000,
  });

export const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Gives a request that a restored actor might have started the time to reach the server. */
export const quiet = () => new Promise((resolve) => setTimeout(resolve, 60));

/** Waits until the server has received `count` requests in all. */
export const received = (server: TestServer, count: number) => until(() => server.requests.length >= count);

/** What a page or a server does between two loads: JSON out, JSON in. */
export const throughJson = (persisted: PersistedFlow): unknown => JSON.parse(JSON.stringify(persisted));

export function clockAt(ms: number): SimulatedClock {
  const clock = new SimulatedClock();
  clock.set(ms);
  return clock;
}

/**
 * Persists `actor` through JSON, stops it and resumes the flow in a new actor whose clock starts at the
 * same time (or `laterMs` after), as a reload does.
 */
export function reload(actor: FlowActor, input: OtpInput, clock: SimulatedClock, laterMs = 0) {
  const persisted = persistFlow(actor);
  actor.stop();
  const nextClock = clockAt(clock.now() + laterMs);
  const restored = startFlow(input, nextClock, restoreFlow(throughJson(persisted)));
  return { persisted, restored, clock: nextClock };
}
