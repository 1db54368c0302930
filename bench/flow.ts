import { performance } from 'node:perf_hooks';
import { createActor } from 'xstate';
import { type OtpInput, type OtpSession, otpMachine } from '../src/index.ts';
import type { RecordedRequest } from '../src/testing/index.ts';
import { driveFlow, median, reach } from './actors.ts';
import { type BenchServer, fetchFlow, ofetchFlow } from './direct.ts';
import { bareFlow, floorFlow } from './floor.ts';
import type { RemoteServer } from './remote-server.ts';
import { sdkFlow } from './sdk.ts';

/** The input of every machine flow of the bench. */
export const inputFor = (server: BenchServer, extra: Partial<OtpInput> = {}): OtpInput => ({
  projectId: server.projectId,
  baseUrl: server.url,
  channel: 'email',
  ...extra,
});

/** One flow through the machine: create, start, send, submit the delivered code, reach `authenticated`. */
export async function machineFlow(server: BenchServer, loginId: string): Promise<void> {
  const actor = createActor(otpMachine, { input: inputFor(server) }).start();
  const session = (await driveFlow(actor, loginId, (id) => server.code(id))) as OtpSession;
  if (!session.sessionJwt) throw new Error('The machine flow did not authenticate');
}

/** Every way the bench runs the same sign-up-or-in flow (send + verify). */
export const flowKinds = {
  machine: machineFlow,
  sdk: sdkFlow,
  fetch: fetchFlow,
  ofetch: ofetchFlow,
  floor: floorFlow,
  bare: bareFlow,
} as const;

/** A way to run the flow. */
export type FlowKind = keyof typeof flowKinds;

/** Wall time (median, ms) and client CPU (mean, µs) per flow of each kind timed. */
export interface FlowTimings {
  flows: number;
  wallMsPerFlow: Partial<Record<FlowKind, number>>;
  cpuUsPerFlow: Partial<Record<FlowKind, number>>;
}

const loginIdOf = (kind: string, index: number) => `${kind}${String(index).padStart(6, '0')}@example.com`;

const cpuMicros = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return user + system;
};

const drained = () => new Promise((resolve) => setImmediate(resolve));

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
 * Times `flows` flows of each of `kinds` after `warmup` of each, in rounds of one of each kind ordered by
 * `balancedOrders`. The CPU of a flow is counted until the work it left for the event loop has run.
 */
export async function compareFlows(
  server: BenchServer,
  flows: number,
  warmup: number,
  kinds: readonly FlowKind[],
): Promise<FlowTimings> {
  if (kinds.length % 2 || flows % kinds.length) throw new Error('Use an even number of kinds dividing flows');
  const orders = balancedOrders(kinds.length);
  const walls = new Map<FlowKind, number[]>(kinds.map((kind) => [kind, []]));
  const cpus = new Map<FlowKind, number>(kinds.map((kind) => [kind, 0]));
  for (let round = 0; round < warmup + flows; round++) {
    for (const index of orders[round % orders.length]!) {
      const kind = kinds[index]!;
      const cpu = process.cpuUsage();
      const start = performance.now();
      await flowKinds[kind](server, loginIdOf(kind, round));
      const wall = performance.now() - start;
      await drained();
      if (round < warmup) continue;
      walls.get(kind)!.push(wall);
      cpus.set(kind, cpus.get(kind)! + cpuMicros(cpu));
    }
  }
  return {
    flows,
    wallMsPerFlow: Object.fromEntries(kinds.map((kind) => [kind, median(walls.get(kind)!)])),
    cpuUsPerFlow: Object.fromEntries(kinds.map((kind) => [kind, cpus.get(kind)! / flows])),
  };
}

const shapeOf = (request: RecordedRequest | undefined, withHeaders: boolean) => {
  const body = { ...(request?.body as Record<string, unknown> | undefined) };
  if ('loginId' in body) body.loginId = '<loginId>';
  if ('code' in body) body.code = '<code>';
  const headers = withHeaders ? { ...request?.headers, host: undefined, 'content-length': undefined } : {};
  return JSON.stringify({ method: request?.method, path: request?.path, headers, body });
};

/**
 * Checks that every kind sends the machine's two requests, apart from the login ID and code; the SDK's
 * headers name the SDK, so only its method, path and body are compared.
 */
export async function assertSameRequests(server: RemoteServer): Promise<void> {
  const requestsOf = async (kind: FlowKind, withHeaders = true) => {
    const from = await server.requestCount();
    await flowKinds[kind](server, loginIdOf(kind, 999_999));
    return (await server.requests(from)).map((request) => shapeOf(request, withHeaders)).join('\n');
  };
  for (const kind of Object.keys(flowKinds) as FlowKind[]) {
    const withHeaders = kind !== 'sdk';
    const [expected, actual] = [
      await requestsOf('machine', withHeaders),
      await requestsOf(kind, withHeaders),
    ];
    if (actual.split('\n').length !== 2 || actual !== expected) {
      throw new Error(`The ${kind} and machine flows differ:\n${actual}\n${expected}`);
    }
  }
}

/** Requests the server received per machine flow, over `flows` flows (each must be 2). */
export async function requestsPerFlow(server: RemoteServer, flows: number): Promise<number[]> {
  const counts: number[] = [];
  for (let index = 0; index < flows; index++) {
    const from = await server.requestCount();
    await machineFlow(server, `count${index}@example.com`);
    counts.push((await server.requestCount()) - from);
  }
  return counts;
}

/** Requests the server received per `RESEND`, over `resends` resends in one flow (each must be 1). */
export async function requestsPerResend(server: RemoteServer, resends: number): Promise<number[]> {
  const actor = createActor(otpMachine, { input: inputFor(server, { resendCooldownMs: 0 }) }).start();
  actor.send({ type: 'SEND', loginId: 'resend@example.com' });
  await reach(actor, (snapshot) => snapshot.matches('awaitingCode'));
  const counts: number[] = [];
  for (let index = 0; index < resends; index++) {
    const generation = actor.getSnapshot().context.generation;
    const from = await server.requestCount();
    actor.send({ type: 'RESEND' });
    await reach(
      actor,
      (snapshot) =>
        (snapshot.matches('awaitingCode') && snapshot.context.generation > generation) ||
        snapshot.context.error !== null,
    );
    counts.push((await server.requestCount()) - from);
  }
  actor.stop();
  return counts;
}
