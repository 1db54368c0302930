import { test as base } from 'vitest';
import type { OtpInput } from '../../src/index.ts';
import { createTestServer, type TestServer, type TestServerOptions } from '../../src/testing/index.ts';
import { type OtpActor, type StartOptions, startFlow } from './flow.ts';

/** Starts a flow against the file's test server; the actor is stopped when the test ends. */
export type Flow = (input?: Partial<OtpInput>, options?: StartOptions) => OtpActor;

/** The fixtures a helper needs to start flows and read what the server saw: pass `{ server, flow }`. */
export interface FlowFixtures {
  server: TestServer;
  flow: Flow;
}

/**
 * `test` with a test server per file and the flows of each test.
 *
 * - `serverOptions` (file): what the server is created with; a file sets its own with
 *   `test.override('serverOptions', { scope: 'file' }, { ... })`.
 * - `server` (file): one `createTestServer(serverOptions)` for every test of the file, closed after its
 *   last test.
 * - `flow` (test): `flow(input?, options?)` starts an actor against `server` as `startFlow` does and stops
 *   every actor it started when the test ends.
 */
export const test = base
  .extend('serverOptions', { scope: 'file' }, {} as TestServerOptions)
  .extend('server', { scope: 'file' }, async ({ serverOptions }, { onCleanup }) => {
    const server = await createTestServer(serverOptions);
    onCleanup(() => server.close());
    return server;
  })
  .extend('flow', async ({ server }, { onCleanup }) => {
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
  });
