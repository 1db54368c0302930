import { test as base } from 'vitest';
import type { OtpInput } from '../../src/index.ts';
import { createTestServer, type TestServer, type TestServerOptions } from '../../src/testing/index.ts';
import { type OtpActor, type StartOptions, startFlow } from './flow.ts';

/** Starts a flow against the test's server; the actor is stopped when the test ends. */
export type Flow = (input?: Partial<OtpInput>, options?: StartOptions) => OtpActor;

/** The fixtures a helper needs to start flows and read what the server saw: pass `{ server, flow }`. */
export interface FlowFixtures {
  server: TestServer;
  flow: Flow;
}

type OnCleanup = (cleanup: () => void | Promise<void>) => void;

async function serve(
  { serverOptions }: { serverOptions: TestServerOptions },
  { onCleanup }: { onCleanup: OnCleanup },
) {
  const server = await createTestServer(serverOptions);
  onCleanup(() => server.close());
  return server;
}

async function flows({ server }: { server: TestServer }, { onCleanup }: { onCleanup: OnCleanup }) {
  const started: OtpActor[] = [];
  onCleanup(() => {
    for (const actor of started) actor.stop();
  });
  const flow: Flow = (input, options) => {
    const actor = startFlow(server, input, options);
    started.push(actor);
    return actor;
  };
  return flow;
}

/**
 * What the server is created with (file scope); a file sets its own with
 * `test.override('serverOptions', { scope: 'file' }, { ... })`.
 */
const withServerOptions = base.extend('serverOptions', { scope: 'file' }, {} as TestServerOptions);

/**
 * `test` with one test server per file and the flows of each test:
 *
 * - `serverOptions` (file): what the server is created with, `{}` unless the file overrides it.
 * - `server` (file): one `createTestServer(serverOptions)` for every test of the file, closed after its
 *   last test.
 * - `flow` (test): `flow(input?, options?)` starts an actor against `server` as `startFlow` does and stops
 *   every actor it started when the test ends.
 */
export const test = withServerOptions.extend('server', { scope: 'file' }, serve).extend('flow', flows);

/**
 * `test` with a server of its own for each test, closed when the test ends, for tests that read everything
 * their server delivered; `serverOptions` and `flow` as in `test`.
 */
export const testWithOwnServer = withServerOptions.extend('server', serve).extend('flow', flows);
