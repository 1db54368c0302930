import { type InspectionEvent, waitFor } from 'xstate';
import { statuses } from '../../machines/concepts.ts';
import type { TestServer } from '../../src/testing/index.ts';
import { type OtpActor, settle, startFlow } from '../helpers/flow.ts';

export type Inspect = (event: InspectionEvent) => void;

/** What a flow put on the wire and must never show up in inspection output. */
export interface FlowSecrets {
  tokens: string[];
  wrongCodes: string[];
}

/** The states a flow that signs in passes through: every status but `failed`. */
export const expectedStates = statuses.filter((status) => status !== 'failed');
export const sentEventTypes = ['SEND', 'SUBMIT_CODE', 'RESEND'];

/** How long each step of these flows may take to settle (`settle` waits 5 s by default). */
const STEP_MS = 10_000;

async function finish(actor: OtpActor, server: TestServer, loginId: string) {
  actor.send({ type: 'SUBMIT_CODE', code: server.lastCode(loginId) ?? '' });
  const done = await settle(actor, STEP_MS);
  if (done.status !== 'done' || !done.output) throw new Error(`flow ended in ${JSON.stringify(done.value)}`);
  return done.output;
}

const tokensOf = (output: { sessionJwt: string; refreshJwt?: string }) =>
  [output.sessionJwt, output.refreshJwt].filter((token): token is string => typeof token === 'string');

/** Signs up with sign-up-or-in, then updates the email with the refresh JWT of that session. */
export async function updateEmailFlow(
  server: TestServer,
  inspect: Inspect,
  loginId: string,
): Promise<FlowSecrets> {
  const signUp = startFlow(server, { operation: 'signUpOrIn', channel: 'email' }, { inspect });
  signUp.send({ type: 'SEND', loginId });
  await settle(signUp, STEP_MS);
  const first = await finish(signUp, server, loginId);
  if (!first.refreshJwt) throw new Error('no refresh JWT');
  const update = startFlow(
    server,
    { operation: 'updateEmail', channel: 'email', refreshJwt: first.refreshJwt },
    { inspect },
  );
  update.send({ type: 'SEND', loginId, email: loginId.replace('@', '.new@') });
  const sent = await settle(update, STEP_MS);
  if (!sent.matches('awaitingCode')) throw new Error(`update send ended in ${JSON.stringify(sent.value)}`);
  const second = await finish(update, server, loginId);
  return { tokens: [...tokensOf(first), ...tokensOf(second)], wrongCodes: [] };
}

const wrongCodeFor = (code: string) => code.replace(/\d/g, (digit) => String((Number(digit) + 1) % 10));

/** Signs in over SMS, submits a wrong code, resends, then submits the new code. */
export async function wrongCodeAndResendFlow(
  server: TestServer,
  inspect: Inspect,
  loginId: string,
): Promise<FlowSecrets> {
  const actor = startFlow(server, { operation: 'signIn', channel: 'sms', resendCooldownMs: 0 }, { inspect });
  actor.send({ type: 'SEND', loginId });
  await settle(actor, STEP_MS);
  const wrong = wrongCodeFor(server.lastCode(loginId) ?? '000000');
  actor.send({ type: 'SUBMIT_CODE', code: wrong });
  const rejected = await settle(actor, STEP_MS);
  if (rejected.context.error?.kind !== 'wrongCode') throw new Error('the wrong code was not rejected');
  await waitFor(actor, (s) => s.can({ type: 'RESEND' }));
  actor.send({ type: 'RESEND' });
  await settle(actor, STEP_MS);
  const output = await finish(actor, server, loginId);
  return { tokens: tokensOf(output), wrongCodes: [wrong] };
}

/** Every secret the server and the flows produced: delivered codes, wrong codes, tokens. */
export function secretsOf(server: TestServer, flows: FlowSecrets[]): { codes: string[]; tokens: string[] } {
  return {
    codes: [
      ...server.deliveries.map((delivery) => delivery.code),
      ...flows.flatMap((flow) => flow.wrongCodes),
    ],
    tokens: flows.flatMap((flow) => flow.tokens),
  };
}

/** The secrets found in `text`: codes as whole digit runs, tokens anywhere, and any JWT-looking text. */
export function leaks(text: string, secrets: { codes: string[]; tokens: string[] }): string[] {
  const found = secrets.codes.filter((code) => new RegExp(`(?<!\\d)${code}(?!\\d)`).test(text));
  found.push(...secrets.tokens.filter((token) => text.includes(token)));
  found.push(...(text.match(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g) ?? []));
  return found;
}

interface Collected {
  type?: string;
  rootId?: string;
  actorRef?: { sessionId?: string };
  sessionId?: string;
  event?: { type?: string };
  snapshot?: {
    value?: unknown;
    status?: string;
    context?: { error?: { kind?: string; errorCode?: string } };
  };
}

const topLevel = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : typeof value === 'object' && value ? Object.keys(value) : [];

/** The top-level states the root actors' snapshots went through, and the event types sent to them. */
export function summarize(events: Collected[]) {
  const isRoot = (event: Collected) => (event.actorRef?.sessionId ?? event.sessionId) === event.rootId;
  const snapshots = events.filter((event) => event.type === '@xstate.snapshot' && isRoot(event));
  return {
    states: new Set(snapshots.flatMap((event) => topLevel(event.snapshot?.value))),
    events: new Set(
      events.filter((event) => event.type === '@xstate.event').map((event) => event.event?.type),
    ),
    failures: snapshots.map((event) => event.snapshot?.context?.error).filter((error) => error),
  };
}

/** How many root actors reached a final state. */
export function finishedFlows(events: Collected[]): number {
  const isRoot = (event: Collected) => (event.actorRef?.sessionId ?? event.sessionId) === event.rootId;
  return events.filter(
    (event) => event.type === '@xstate.snapshot' && isRoot(event) && event.snapshot?.status === 'done',
  ).length;
}
