import { type AnyActorRef, SimulatedClock } from 'xstate';
import { type OtpInput, type PersistedFlow, persistFlow, restoreFlow } from '../../src/index.ts';
import type { TestServer } from '../../src/testing/index.ts';
import type { Flow, FlowFixtures } from '../helpers/fixtures.ts';
import { type OtpActor, settle, uniquePhone } from '../helpers/flow.ts';
import { until } from '../helpers/wait.ts';

/** Where the simulated clocks of these tests start. */
export const START = Date.UTC(2030, 0, 1);

export function inputFor(server: TestServer, extra: Partial<OtpInput> = {}): OtpInput {
  return { projectId: server.projectId, baseUrl: server.url, channel: 'sms', ...extra };
}

/** The actors that make requests: a flow starts one for every request it makes. */
const requesters: readonly string[] = ['sendCode', 'verifyCode'];

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
 * Starts an SMS flow with `extra` input on a clock at `START`, sends a code to a new phone and waits until
 * the send has settled.
 */
export async function sentFlow({ server, flow }: FlowFixtures, extra: Partial<OtpInput> = {}) {
  const clock = clockAt(START);
  const input = inputFor(server, extra);
  const loginId = uniquePhone();
  const actor = flow(input, { clock });
  actor.send({ type: 'SEND', loginId });
  await settle(actor);
  return { actor, clock, input, loginId, code: server.lastCode(loginId) ?? '' };
}

/**
 * Persists `actor` through JSON, stops it and resumes the flow in a new actor whose clock starts at the
 * same time (or `laterMs` after), as a reload does. `requested` lists every request actor (`sendCode`,
 * `verifyCode`) the resumed flow has started so far, recorded as it starts them.
 */
export function reload(flow: Flow, actor: OtpActor, input: OtpInput, clock: SimulatedClock, laterMs = 0) {
  const persisted = persistFlow(actor);
  actor.stop();
  const nextClock = clockAt(clock.now() + laterMs);
  const requested: string[] = [];
  const restored = flow(input, {
    clock: nextClock,
    snapshot: restoreFlow(throughJson(persisted)),
    inspect: (event) => {
      const { id } = event.actorRef as AnyActorRef;
      if (event.type === '@xstate.actor' && requesters.includes(id)) requested.push(id);
    },
  });
  return { persisted, restored, clock: nextClock, requested };
}
