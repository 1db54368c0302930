import {
  type Actor,
  createActor,
  type InspectionEvent,
  type SimulatedClock,
  type Snapshot,
  waitFor,
} from 'xstate';
import { type OtpInput, otpMachine } from '../../src/index.ts';
import type { TestServer } from '../../src/testing/index.ts';

export type OtpActor = Actor<typeof otpMachine>;

/** One counter for every generated login ID, so no two of them are the same within a test file. */
let counter = 0;

export function uniquePhone(): string {
  counter += 1;
  return `+1415555${String(counter).padStart(4, '0')}`;
}

export function uniqueEmail(): string {
  counter += 1;
  return `user${counter}@example.com`;
}

export interface StartOptions {
  clock?: SimulatedClock;
  /** A snapshot to resume from, such as the one `restoreFlow` returns. */
  snapshot?: Snapshot<unknown>;
  inspect?: (event: InspectionEvent) => void;
  machine?: typeof otpMachine;
}

/** Starts a flow against `server`. */
export function startFlow(
  server: TestServer,
  input: Partial<OtpInput> = {},
  { clock, snapshot, inspect, machine = otpMachine }: StartOptions = {},
): OtpActor {
  return createActor(machine, {
    ...(clock ? { clock } : {}),
    ...(snapshot ? { snapshot } : {}),
    ...(inspect ? { inspect } : {}),
    input: { projectId: server.projectId, baseUrl: server.url, ...input },
  }).start() as OtpActor;
}

export async function settle(actor: OtpActor, timeout = 5_000) {
  return waitFor(actor, (s) => !s.matches('sending') && !s.matches('verifying'), { timeout });
}

export function otpRequests(server: TestServer) {
  return server.requests.filter((request) => request.method === 'POST');
}

export async function signedInRefreshJwt(server: TestServer, loginId: string): Promise<string> {
  const actor = startFlow(server, { channel: loginId.startsWith('+') ? 'sms' : 'email' });
  actor.send({ type: 'SEND', loginId });
  await settle(actor);
  actor.send({ type: 'SUBMIT_CODE', code: server.lastCode(loginId) ?? '' });
  const snapshot = await settle(actor);
  const refreshJwt = snapshot.output?.refreshJwt;
  if (!refreshJwt) throw new Error('sign-in did not return a refresh JWT');
  return refreshJwt;
}
