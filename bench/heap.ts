import { createActor } from 'xstate';
import { quietInput, quietMachine } from './actors.ts';

const count = Number(process.argv[2] ?? 10_000);
const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error('Run with node --expose-gc');

const settle = () => new Promise((resolve) => setImmediate(resolve));
const heapUsed = async () => {
  for (let pass = 0; pass < 4; pass++) {
    collect();
    await settle();
  }
  return process.memoryUsage().heapUsed;
};

createActor(quietMachine, { input: quietInput }).start().stop();
const before = await heapUsed();
const actors = Array.from({ length: count }, (_, index) => {
  const actor = createActor(quietMachine, { input: quietInput }).start();
  actor.send({ type: 'SEND', loginId: `user${index}@example.com` });
  return actor;
});
await settle();
const waiting = actors.filter((actor) => actor.getSnapshot().matches('awaitingCode')).length;
if (waiting !== count) throw new Error(`${count - waiting} actors are not waiting for a code`);
const after = await heapUsed();
process.stdout.write(`${JSON.stringify({ actors: count, heapBytesPerActor: (after - before) / count })}\n`);
for (const actor of actors) actor.stop();
