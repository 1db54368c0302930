import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createActor, waitFor } from 'xstate';
import { otpMachine } from '../src/index.ts';
import { createOtpFlows, memoryFlowStore } from '../src/server/index.ts';
import { createTestServer } from '../src/testing/index.ts';
import { openLocalInspector } from './open-inspector.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4020' },
    delay: { type: 'string', default: '700' },
    once: { type: 'boolean', default: false },
    server: { type: 'boolean', default: false },
    'no-wait': { type: 'boolean', default: false },
  },
});
const delay = Number(values.delay);
const loginId = '+14155550100';

const pause = (ms = delay) => new Promise((resolve) => setTimeout(resolve, ms));

const server = await createTestServer();
server.fault({ kind: 'delay', delayMs: delay, times: Number.POSITIVE_INFINITY });
const inspector = await openLocalInspector(Number(values.port));

async function demo(): Promise<void> {
  const actor = createActor(otpMachine, {
    input: {
      projectId: server.projectId,
      baseUrl: server.url,
      operation: 'signUpOrIn',
      channel: 'sms',
      resendCooldownMs: 3 * delay,
    },
    inspect: inspector.inspect,
  }).start();
  const settled = () =>
    waitFor(actor, (s) => !s.matches('sending') && !s.matches('verifying'), { timeout: 30_000 });
  const step = async (label: string, send: () => void) => {
    await pause();
    console.log(`  ${label}`);
    send();
    const snapshot = await settled();
    console.log(
      `    -> ${JSON.stringify(snapshot.value)}${snapshot.context.error ? ` (${snapshot.context.error.kind})` : ''}`,
    );
  };

  console.log('Sign-up-or-in over SMS, with one wrong code and a resend:');
  await step(`SEND ${loginId}`, () => actor.send({ type: 'SEND', loginId }));
  const wrong = (server.lastCode(loginId) ?? '000000').replace(/\d/g, (d) => String((Number(d) + 1) % 10));
  await step('SUBMIT_CODE (a wrong code)', () => actor.send({ type: 'SUBMIT_CODE', code: wrong }));
  await waitFor(actor, (s) => s.can({ type: 'RESEND' }), { timeout: 30_000 });
  await step('RESEND once the cooldown is over', () => actor.send({ type: 'RESEND' }));
  await step('SUBMIT_CODE (the code just delivered)', () =>
    actor.send({ type: 'SUBMIT_CODE', code: server.lastCode(loginId) ?? '' }),
  );
  actor.stop();
}

async function serverDemo(): Promise<void> {
  const input = {
    projectId: server.projectId,
    baseUrl: server.url,
    channel: 'sms' as const,
    resendCooldownMs: 0,
  };
  const store = memoryFlowStore();
  const east = createOtpFlows({ input, store, inspect: inspector.inspect, instance: 'east' });
  const west = createOtpFlows({ input, store, inspect: inspector.inspect, instance: 'west' });
  console.log(
    'The same flow on the server, its steps taken by two instances (east, west) sharing one store:',
  );
  const show = (label: string, step: { status: unknown; error: { kind: string } | null }) =>
    console.log(`  ${label} -> ${String(step.status)}${step.error ? ` (${step.error.kind})` : ''}`);
  const started = await east.start({ loginId });
  show('east: start', started);
  await pause();
  const wrong = (server.lastCode(loginId) ?? '000000').replace(/\d/g, (d) => String((Number(d) + 1) % 10));
  show('west: submitCode (a wrong code)', await west.submitCode(started.flowId, wrong));
  await pause();
  show('east: resend', await east.resend(started.flowId));
  await pause();
  show('west: submitCode', await west.submitCode(started.flowId, server.lastCode(loginId) ?? ''));
}

async function shutdown(): Promise<void> {
  await inspector.close();
  await server.close();
}

process.once('SIGINT', () => void shutdown().then(() => process.exit(130)));

console.log(`Inspector: ${inspector.url}`);
console.log(`Pages stream here too: add ?inspect=${inspector.sourceUrl} to an example's URL.`);
if (!values['no-wait']) {
  console.log('Open it in a browser; the demo starts when the page connects.');
  await inspector.connected();
}
await demo();
if (values.server) await serverDemo();
if (values.once) {
  await shutdown();
} else {
  console.log('Done. Press Enter to run the demo again, Ctrl+C to stop.');
  const lines = createInterface({ input: process.stdin });
  lines.on('line', () => void demo().then(() => (values.server ? serverDemo() : undefined)));
  lines.on('close', () => void shutdown());
}
