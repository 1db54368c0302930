import { Bench } from 'tinybench';
import { type AnyActorRef, createActor, toPromise } from 'xstate';
import { quietInput, quietMachine, reach } from './actors.ts';

/** A started actor of `quietMachine` waiting for a code. */
export async function awaitingActor(loginId = 'ada@example.com') {
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
}

const batch = 1_000;

function perSecond(bench: Bench, name: string): number {
  const result = bench.getTask(name)?.result;
  if (result?.state !== 'completed') throw new Error(`The ${name} benchmark did not complete`);
  return result.throughput.p50 * batch;
}

/** A whole flow through `quietMachine`, driven as the bench's machine flow is. */
async function quietFlow(): Promise<void> {
  const actor = await awaitingActor();
  actor.send({ type: 'SUBMIT_CODE', code: '123456' });
  await toPromise(actor);
}

/** Runs the no-I/O benchmarks, each for about `timeMs`: batches of 1,000 events or actors, whole flows. */
export async function throughput(timeMs = 2_000): Promise<Throughput> {
  const actor = await awaitingActor();
  const event = { type: 'SUBMIT_CODE', code: 'not a code' } as const;
  const started: AnyActorRef[] = [];
  const bench = new Bench({ time: timeMs, warmupTime: timeMs / 4 })
    .add('events', () => {
      for (let index = 0; index < batch; index++) actor.send(event);
    })
    .add(
      'actors',
      () => {
        for (let index = 0; index < batch; index++) {
          started.push(createActor(quietMachine, { input: quietInput }).start());
        }
      },
      {
        afterEach: () => {
          for (const each of started.splice(0)) each.stop();
        },
      },
    )
    .add('flow', quietFlow);
  await bench.run();
  if (actor.getSnapshot().context.error?.kind !== 'invalidInput')
    throw new Error('The events were not handled');
  actor.stop();
  const flow = bench.getTask('flow')?.result;
  if (flow?.state !== 'completed') throw new Error('The flow benchmark did not complete');
  return {
    eventsPerSecond: perSecond(bench, 'events'),
    actorsPerSecond: perSecond(bench, 'actors'),
    quietFlowMs: flow.latency.p50,
  };
}
