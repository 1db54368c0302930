import { performance } from 'node:perf_hooks';
import { createActor } from 'xstate';
import { type OtpSession, otpMachine } from '../src/index.ts';
import type { TestServer } from '../src/testing/index.ts';
import { driveFlow, median, quantile, reach } from './actors.ts';
import { directFlow } from './direct.ts';
import { bareFlow, floorFlow } from './floor.ts';

/** Timings of whole flows (send + verify), in milliseconds. */
export interface FlowTimings {
  flows: number;
  machineMedianMs: number;
  floorMedianMs: number;
  bareMedianMs: number;
  directMedianMs: number;
  machineP90Ms: number;
  directP90Ms: number;
  /** `machineMedianMs / directMedianMs`. */
  ratio: number;
  /** The median of the per-round ratios machine / direct, a second estimate. */
  pairedRatio: number;
  /** `floorMedianMs / directMedianMs`: the least statechart of the machine's shape over the direct requests. */
  floorRatio: number;
  /** `bareMedianMs / directMedianMs`: a statechart with no child actor over the direct requests. */
  bareRatio: number;
}

const inputFor = (server: TestServer) => ({
  projectId: server.projectId,
  baseUrl: server.url,
  channel: 'email' as const,
});

/** One flow through the machine: create, start, send, submit the delivered code, reach `authenticated`. */
export async function machineFlow(server: TestServer, loginId: string): Promise<void> {
  const actor = createActor(otpMachine, { input: inputFor(server) }).start();
  const session = (await driveFlow(actor, loginId, (id) => server.lastCode(id) ?? '')) as OtpSession;
  if (!session.sessionJwt) throw new Error('The machine flow did not authenticate');
}

async function timed(run: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

const loginIdOf = (kind: string, index: number) => `${kind}${String(index).padStart(6, '0')}@example.com`;

const flowKinds = { machine: machineFlow, floor: floorFlow, bare: bareFlow, direct: directFlow } as const;
type FlowKind = keyof typeof flowKinds;

/** Checks that the machine, floor, bare and direct flows send the same requests, apart from the login ID and code. */
export async function assertSameRequests(server: TestServer): Promise<void> {
  const shape = (request: TestServer['requests'][number] | undefined) => {
    const body = { ...(request?.body as Record<string, unknown> | undefined) };
    if ('loginId' in body) body.loginId = '<loginId>';
    if ('code' in body) body.code = '<code>';
    return JSON.stringify({
      method: request?.method,
      path: request?.path,
      headers: { ...request?.headers, host: undefined, 'content-length': undefined },
      body,
    });
  };
  const requestsOf = async (kind: FlowKind) => {
    const from = server.requests.length;
    await flowKinds[kind](server, loginIdOf(kind, 999_999));
    return server.requests.slice(from).map(shape);
  };
  const direct = await requestsOf('direct');
  for (const kind of ['machine', 'floor', 'bare'] as const) {
    const requests = await requestsOf(kind);
    if (requests.length !== 2 || requests.join('\n') !== direct.join('\n')) {
      throw new Error(`The ${kind} and direct flows differ:\n${requests.join('\n')}\n${direct.join('\n')}`);
    }
  }
}

/**
 * Orders of `count` kinds, one per round, such that over `count` rounds every kind runs in every position
 * once and follows every other kind once (a Williams design; `count` even).
 */
export function balancedOrders(count: number): number[][] {
  const first = Array.from({ length: count }, (_, index) =>
    index === 0 ? 0 : index % 2 ? (index + 1) / 2 : count - index / 2,
  );
  return first.map((_, shift) => first.map((kind) => (kind + shift) % count));
}

/**
 * Times `flows` flows of each of `kinds` after `warmup` of each, in rounds of one of each kind, ordered by
 * `balancedOrders` so that no kind always runs first or always runs after the same other kind.
 */
export async function compareFlows(
  server: TestServer,
  flows: number,
  warmup: number,
  kinds: readonly FlowKind[] = ['machine', 'floor', 'bare', 'direct'],
): Promise<FlowTimings> {
  if (kinds.length % 2 || flows % kinds.length) throw new Error('Use an even number of kinds dividing flows');
  const orders = balancedOrders(kinds.length);
  const times: Record<FlowKind, number[]> = { machine: [], floor: [], bare: [], direct: [] };
  for (let round = 0; round < warmup + flows; round++) {
    for (const index of orders[round % orders.length]!) {
      const kind = kinds[index]!;
      const time = await timed(() => flowKinds[kind](server, loginIdOf(kind, round)));
      if (round >= warmup) times[kind].push(time);
    }
  }
  const { machine, floor, bare, direct } = times;
  const ratioTo = (values: number[]) => (values.length ? median(values) / median(direct) : Number.NaN);
  return {
    flows,
    machineMedianMs: median(machine),
    floorMedianMs: floor.length ? median(floor) : Number.NaN,
    bareMedianMs: bare.length ? median(bare) : Number.NaN,
    directMedianMs: median(direct),
    machineP90Ms: quantile(machine, 0.9),
    directP90Ms: quantile(direct, 0.9),
    ratio: ratioTo(machine),
    pairedRatio: median(machine.map((time, index) => time / direct[index]!)),
    floorRatio: ratioTo(floor),
    bareRatio: ratioTo(bare),
  };
}

/** Requests the server received per machine flow, over `flows` flows (each must be 2). */
export async function requestsPerFlow(server: TestServer, flows: number): Promise<number[]> {
  const counts: number[] = [];
  for (let index = 0; index < flows; index++) {
    const from = server.requests.length;
    await machineFlow(server, `count${index}@example.com`);
    counts.push(server.requests.length - from);
  }
  return counts;
}

/** Requests the server received per `RESEND`, over `resends` resends in one flow (each must be 1). */
export async function requestsPerResend(server: TestServer, resends: number): Promise<number[]> {
  const actor = createActor(otpMachine, { input: { ...inputFor(server), resendCooldownMs: 0 } }).start();
  actor.send({ type: 'SEND', loginId: 'resend@example.com' });
  await reach(actor, (snapshot) => snapshot.matches('awaitingCode'));
  const counts: number[] = [];
  for (let index = 0; index < resends; index++) {
    const generation = actor.getSnapshot().context.generation;
    const from = server.requests.length;
    actor.send({ type: 'RESEND' });
    await reach(
      actor,
      (snapshot) =>
        (snapshot.matches('awaitingCode') && snapshot.context.generation > generation) ||
        snapshot.context.error !== null,
    );
    counts.push(server.requests.length - from);
  }
  actor.stop();
  return counts;
}
