import { performance } from 'node:perf_hooks';
import { createActor } from 'xstate';
import { median, quietInput, quietMachine, reach } from './actors.ts';

/** A started actor of `quietMachine` waiting for a code. */
export async function awaitingActor(loginId = 'ada@example.com') {
  const actor = createActor(quietMachine, { input: quietInput }).start();
  actor.send({ type: 'SEND', loginId });
  await reach(actor, (snapshot) => snapshot.matches('awaitingCode'));
  return actor;
}

/** Transitions per second: `SUBMIT_CODE` with a malformed code in `awaitingCode`, median of `rounds`. */
export async function eventsPerSecond(rounds = 7, eventsPerRound = 20_000): Promise<number> {
  const actor = await awaitingActor();
  const event = { type: 'SUBMIT_CODE', code: 'not a code' } as const;
  const rates: number[] = [];
  for (let round = 0; round < rounds + 1; round++) {
    const start = performance.now();
    for (let index = 0; index < eventsPerRound; index++) actor.send(event);
    const seconds = (performance.now() - start) / 1000;
    if (round > 0) rates.push(eventsPerRound / seconds);
  }
  if (actor.getSnapshot().context.error?.kind !== 'invalidInput')
    throw new Error('The events were not handled');
  actor.stop();
  return median(rates);
}

/** Actors created and started per second (stopped outside the timing), median of `rounds`. */
export function actorsPerSecond(rounds = 7, actorsPerRound = 2_000): number {
  const rates: number[] = [];
  for (let round = 0; round < rounds + 1; round++) {
    const actors = new Array(actorsPerRound);
    const start = performance.now();
    for (let index = 0; index < actorsPerRound; index++) {
      actors[index] = createActor(quietMachine, { input: quietInput }).start();
    }
    const seconds = (performance.now() - start) / 1000;
    for (const actor of actors) actor.stop();
    if (round > 0) rates.push(actorsPerRound / seconds);
  }
  return median(rates);
}
