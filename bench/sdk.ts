import createSdk from '@descope/core-js-sdk';
import type { BenchServer } from './direct.ts';

type Sdk = ReturnType<typeof createSdk>;

const sdks = new Map<string, Sdk>();

const sdkFor = (server: BenchServer) => {
  const sdk = sdks.get(server.url) ?? createSdk({ projectId: server.projectId, baseUrl: server.url });
  sdks.set(server.url, sdk);
  return sdk;
};

/** The same flow through Descope's own `@descope/core-js-sdk`, created once per server as an app does. */
export async function sdkFlow(server: BenchServer, loginId: string): Promise<void> {
  const sdk = sdkFor(server);
  const sent = await sdk.otp.signUpOrIn.email(loginId, {});
  if (!sent.ok) throw new Error(`The SDK's send of ${loginId} failed`);
  const verified = await sdk.otp.verify.email(loginId, await server.code(loginId));
  if (!verified.ok || !verified.data?.sessionJwt) throw new Error('The SDK flow did not authenticate');
}
