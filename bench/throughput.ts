import { Bench } from 'tinybench';
import { type AnyActorRef, createActor } from 'xstate';
import { driveFlow, quietInput, quietMachine, reach } from './actors.ts';

/** A started actor of `quietMachine` waiting for a code. */
async function awaitingActor(loginId = 'ada@example.com') {
  const actor = createActor(quietMachine, { input: quietInput }).start();
  actor.send({ type: 'SEND', loginId });
  await reach(actor, (snapshot) => snapshot.matches('awaitingCode'));
  return actor;
}

/** No-I/O throughput, measured with tinybench (median of its samples), per second. */
export interface Throughput {
  /** Transitions per second: `SUBMIT_CODE` with a malformed code in `awaitingCode`. */
  eventsPerSecond: number;
  /** Actors created and started per second (stopped outside the timing). */
  actorsPerSecond: number;
  /** A whole flow with services that answer at once (create, send, submit, done), median, in ms. */
  quietFlowMs: number;
  /** The same flow when the process has idled for 1 ms before each one, median, in ms. */
  quietFlowAfterIdleMs: number;
}

const batch = 1_000;

function perSecond(bench: Bench, name: string): number {
  const result = bench.getTask(name)?.result;
  if (result?.state !== 'completed') throw new Error(`The ${name} benchmark did not complete`);
  return result.throughput.p50 * batch;
}

/** A whole flow through `quietMachine`, driven as the bench's machine flow is. */
async function quietFlow(): Promise<void> {
  await driveFlow(
    createActor(quietMachine, { input: quietInput }).start(),
    'ada@example.com',
    () => '123456',
  );
}

const idle = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

function latencyOf(bench: Bench, name: string): number {
  const result = bench.getTask(name)?.result;
  if (result?.state !== 'completed') throw new Error(`The ${name} benchmark did not complete`);
  return result.latency.p50;
}

/**
 * Runs the no-I/O benchmarks, each for about `timeMs`: batches of 1,000 events or actors, whole flows; then
 * whole flows after the process idled.
 */
export async function throughput(timeMs = 2_000): Promise<Throughput> {
  const actor = await awaitingActor();
  const event = { type: 'SUBMIT_CODE', code: 'not a code' } as const;
  const started: AnyActorRef[] = [];
  const bench = new Bench({ time: timeMs, warmupTime: timeMs / 4 })
    .add(
      'events',
      () => {
        for (let index = 0; index < batch; index++) actor.send(event);
      },
      { async: false },
    )
    .add(
      'actors',
      () => {
        for (let index = 0; index < batch; index++) {
          started.push(createActor(quietMachine, { input: quietInput }).start());
        }
      },
      {
        async: false,
        afterEach: () => {
          for (const each of started.splice(0)) each.stop();
        },
      },
    )
    .add('flow', quietFlow, { async: true });
  await bench.run();
  if (actor.getSnapshot().context.error?.kind !== 'invalidInput')
    throw new Error('The events were not handled');
  actor.stop();
  const afterIdle = new Bench({ time: timeMs / 4, iterations: 200, warmupTime: timeMs / 20 }).add(
    'flow after idle',
    quietFlow,
    { async: true, beforeEach: idle },
  );
  await afterIdle.run();
  return {
    eventsPerSecond: perSecond(bench, 'events'),
    actorsPerSecond: perSecond(bench, 'actors'),
    quietFlowMs: latencyOf(bench, 'flow'),
    quietFlowAfterIdleMs: latencyOf(afterIdle, 'flow after idle'),
  };
}
