import { ofetch } from 'ofetch';
import { descopeHeaders } from '../src/descope/client.ts';
import type { TestServer } from '../src/testing/index.ts';

/** The send request of a flow, made directly with ofetch (the machine's headers and body). */
export function directSend(server: TestServer, loginId: string): Promise<unknown> {
  return ofetch(`${server.url}/v1/auth/otp/signup-in/email`, {
    method: 'POST',
    headers: descopeHeaders(server.projectId),
    body: { loginId, loginOptions: {} },
  });
}

/** The verify request of a flow, made directly with ofetch; resolves with the session. */
export function directVerify(
  server: TestServer,
  loginId: string,
  code: string,
): Promise<{ sessionJwt?: string }> {
  return ofetch<{ sessionJwt?: string }>(`${server.url}/v1/auth/otp/verify/email`, {
    method: 'POST',
    headers: descopeHeaders(server.projectId),
    body: { code, loginId },
  });
}

/** The same two requests as a machine flow, made directly with ofetch. */
export async function directFlow(server: TestServer, loginId: string): Promise<void> {
  await directSend(server, loginId);
  const session = await directVerify(server, loginId, server.lastCode(loginId) ?? '');
  if (!session.sessionJwt) throw new Error('The direct flow did not authenticate');
}
