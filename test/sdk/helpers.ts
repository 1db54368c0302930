import createSdk from '@descope/core-js-sdk';
import DescopeClient from '@descope/node-sdk';
import { onTestFinished } from 'vitest';
import { createTestServer, type TestServer, type TestServerOptions } from '../../src/testing/index.ts';

export const MANAGEMENT_KEY = 'K2-test-management-key';
export const PHONE = '+14155550100';

/** One login ID per delivery method, as a user of that method would type it. */
export const destinations = {
  email: 'alice@example.com',
  sms: PHONE,
  voice: PHONE,
  whatsapp: PHONE,
} as const;

export type TestMethod = keyof typeof destinations;
export const testMethods = Object.keys(destinations) as TestMethod[];

/** A server clock that tests move by hand while the SDKs read the real one. */
export const offsetClock = () => {
  let offsetMs = 0;
  return {
    now: () => Date.now() + offsetMs,
    set: (ms: number) => {
      offsetMs = ms;
    },
  };
};

export interface Judges {
  server: TestServer;
  node: ReturnType<typeof DescopeClient>;
  core: ReturnType<typeof createSdk>;
}

/** A test server with the Management API on, and Descope's SDKs pointed at it; closed after the test. */
export const startJudged = async (options: TestServerOptions = {}): Promise<Judges> => {
  const server = await createTestServer({ managementKey: MANAGEMENT_KEY, ...options });
  onTestFinished(() => server.close());
  const config = { projectId: server.projectId, baseUrl: server.url };
  return {
    server,
    node: DescopeClient({ ...config, managementKey: options.managementKey ?? MANAGEMENT_KEY }),
    core: createSdk(config),
  };
};

/** Signs in over OTP through core-js-sdk and answers Descope's JWT response. */
export const signInWithCore = async (
  { server, core }: Judges,
  method: TestMethod | 'im',
  loginId: string,
) => {
  const sent = await core.otp.signUpOrIn[method](loginId);
  if (!sent.ok) throw new Error(`send failed: ${JSON.stringify(sent.error)}`);
  const verified = await core.otp.verify[method](loginId, server.lastCode(loginId)!);
  if (!verified.ok || !verified.data) throw new Error(`verify failed: ${JSON.stringify(verified.error)}`);
  return verified.data as typeof verified.data & { refreshJwt: string };
};

export const pathsOf = (server: TestServer) =>
  server.requests.map((request) => `${request.method} ${request.path}`);
