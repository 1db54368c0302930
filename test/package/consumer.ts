/** A TypeScript consumer of both entry points: it only compiles when the published types resolve. */
export const typesConsumer = `import { connect, type OtpFailure, otpMachine } from 'descope-otp-machine';
import { createTestServer } from 'descope-otp-machine/testing';
import { createActor } from 'xstate';

const failure: OtpFailure = { kind: 'rateLimited', retryAfterMs: 1000 };
// @ts-expect-error an unknown failure kind is rejected
const unknownKind: OtpFailure = { kind: 'nope' };

export async function run(): Promise<string> {
  const server = await createTestServer({ codeLength: 6 });
  const actor = createActor(otpMachine, { input: { projectId: server.projectId, baseUrl: server.url } });
  // @ts-expect-error SEND needs a login ID
  actor.send({ type: 'SEND' });
  const view = connect(actor.getSnapshot(), actor.send);
  const status: 'idle' | 'sending' | 'awaitingCode' | 'verifying' | 'authenticated' | 'failed' = view.status;
  const code: string | undefined = server.lastCode('ada@example.com');
  await server.close();
  return [status, code, failure.kind, unknownKind.kind].join(' ');
}
`;

/** Compiler options of the type check, per module resolution. */
export const tsconfigs = {
  bundler: { module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom'] },
  node16: { module: 'node16', moduleResolution: 'node16', lib: ['es2022'] },
} as const;

export function tsconfigFor(resolution: keyof typeof tsconfigs) {
  return {
    compilerOptions: {
      ...tsconfigs[resolution],
      target: 'es2022',
      types: ['node'],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
    },
    files: ['consumer.ts'],
  };
}

/** An ESM app that runs a whole flow with the packed package against its packed test server. */
export const runtimeConsumer = `import { createActor, toPromise, waitFor } from 'xstate';
import { connect, otpMachine } from 'descope-otp-machine';
import { createTestServer } from 'descope-otp-machine/testing';

const server = await createTestServer();
try {
  const loginId = 'ada@example.com';
  const input = { projectId: server.projectId, baseUrl: server.url, channel: 'email' };
  const actor = createActor(otpMachine, { input }).start();
  connect(actor.getSnapshot(), actor.send).send(loginId);
  await waitFor(actor, (snapshot) => snapshot.matches('awaitingCode'), { timeout: 10_000 });
  connect(actor.getSnapshot(), actor.send).submitCode(server.lastCode(loginId));
  const session = await toPromise(actor);
  console.log(JSON.stringify({
    resolved: [import.meta.resolve('descope-otp-machine'), import.meta.resolve('descope-otp-machine/testing')],
    status: connect(actor.getSnapshot(), actor.send).status,
    sessionJwt: typeof session.sessionJwt,
    paths: server.requests.map((request) => request.path),
  }));
} finally {
  await server.close();
}
`;

/** A Node app that starts the installed local inspector and fetches its page and its layout script. */
export const inspectorConsumer = `import { startLocalInspector } from 'descope-otp-machine/inspector';

const inspector = await startLocalInspector();
const page = await fetch(inspector.url);
const layout = await fetch(inspector.url + 'elk.js');
const script = await layout.text();
console.log(JSON.stringify({ page: page.status, layout: layout.status, elk: script.includes('g.ELK = f()') }));
await inspector.close();
`;
