import { ofetch } from 'ofetch';
import { descopeHeaders } from '../src/descope/client.ts';
import type { RemoteServer } from './remote-server.ts';

/** What a flow kind needs of the test server: where it is and the codes it delivers. */
export type BenchServer = Pick<RemoteServer, 'url' | 'projectId' | 'code'>;

type Session = { sessionJwt?: string };

const sendPath = '/v1/auth/otp/signup-in/email';
const verifyPath = '/v1/auth/otp/verify/email';

/** The send request of a flow, made directly with ofetch (the machine's headers and body). */
export function directSend(server: BenchServer, loginId: string): Promise<unknown> {
  return ofetch(`${server.url}${sendPath}`, {
    method: 'POST',
    headers: descopeHeaders(server.projectId),
    body: { loginId, loginOptions: {} },
  });
}

/** The verify request of a flow, made directly with ofetch; resolves with the session. */
export function directVerify(server: BenchServer, loginId: string, code: string): Promise<Session> {
  return ofetch<Session>(`${server.url}${verifyPath}`, {
    method: 'POST',
    headers: descopeHeaders(server.projectId),
    body: { code, loginId },
  });
}

async function twoRequests(
  server: BenchServer,
  loginId: string,
  send: typeof directSend,
  verify: typeof directVerify,
): Promise<void> {
  await send(server, loginId);
  const session = await verify(server, loginId, await server.code(loginId));
  if (!session.sessionJwt) throw new Error('The direct flow did not authenticate');
}

/** The same two requests as a machine flow, made directly with ofetch. */
export const ofetchFlow = (server: BenchServer, loginId: string) =>
  twoRequests(server, loginId, directSend, directVerify);

async function post(server: BenchServer, path: string, body: Record<string, unknown>): Promise<Session> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: {
      ...descopeHeaders(server.projectId),
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Session;
}

/** The same two requests as a machine flow, made with the platform's `fetch`. */
export const fetchFlow = (server: BenchServer, loginId: string) =>
  twoRequests(
    server,
    loginId,
    (to, id) => post(to, sendPath, { loginId: id, loginOptions: {} }),
    (to, id, code) => post(to, verifyPath, { code, loginId: id }),
  );
