import { performance } from 'node:perf_hooks';
import { ofetch } from 'ofetch';
import { createActor, toPromise } from 'xstate';
import { descopeHeaders } from '../src/descope/client.ts';
import { otpMachine } from '../src/index.ts';
import type { TestServer } from '../src/testing/index.ts';
import { median, quantile, reach } from './actors.ts';

/** Timings of whole flows (send + verify), in milliseconds. */
export interface FlowTimings {
  flows: number;
  machineMedianMs: number;
  directMedianMs: number;
  machineP90Ms: number;
  directP90Ms: number;
  /** `machineMedianMs / directMedianMs`. */
  ratio: number;
  /** The median of the per-pair ratios, a second estimate. */
  pairedRatio: number;
}

const inputFor = (server: TestServer) => ({
  projectId: server.projectId,
  baseUrl: server.url,
  channel: 'email' as const,
});

/** One flow through the machine: create, start, send, submit the delivered code, reach `authenticated`. */
export async function machineFlow(server: TestServer, loginId: string): Promise<void> {
  const actor = createActor(otpMachine, { input: inputFor(server) }).start();
  actor.send({ type: 'SEND', loginId });
  const sent = await reach(actor, (snapshot) => !snapshot.matches('sending'));
  if (!sent.matches('awaitingCode')) throw new Error(`The send failed: ${sent.context.error?.kind}`);
  actor.send({ type: 'SUBMIT_CODE', code: server.lastCode(loginId) ?? '' });
  const session = await toPromise(actor);
  if (!session.sessionJwt) throw new Error('The machine flow did not authenticate');
}

/** The same two requests (same headers and bodies) made directly with ofetch. */
export async function directFlow(server: TestServer, loginId: string): Promise<void> {
  const headers = descopeHeaders(server.projectId);
  await ofetch(`${server.url}/v1/auth/otp/signup-in/email`, {
    method: 'POST',
    headers,
    body: { loginId, loginOptions: {} },
  });
  const session = await ofetch<{ sessionJwt?: string }>(`${server.url}/v1/auth/otp/verify/email`, {
    method: 'POST',
    headers,
    body: { code: server.lastCode(loginId), loginId },
  });
  if (!session.sessionJwt) throw new Error('The direct flow did not authenticate');
}

async function timed(run: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

const loginIdOf = (kind: 'm' | 'd', index: number) => `${kind}${String(index).padStart(6, '0')}@example.com`;

/** Checks that both flows send the same requests, apart from the login ID and code. */
export async function assertSameRequests(server: TestServer): Promise<void> {
  const from = server.requests.length;
  await machineFlow(server, loginIdOf('m', 999_999));
  await directFlow(server, loginIdOf('d', 999_999));
  const [machineSend, machineVerify, directSend, directVerify] = server.requests.slice(from);
  const shape = (request: TestServer['requests'][number] | undefined) => ({
    method: request?.method,
    path: request?.path,
    headers: { ...request?.headers, host: undefined },
    bodyKeys: Object.keys((request?.body as object | undefined) ?? {}),
  });
  for (const [machine, direct] of [
    [machineSend, directSend],
    [machineVerify, directVerify],
  ]) {
    const [a, b] = [JSON.stringify(shape(machine)), JSON.stringify(shape(direct))];
    if (a !== b) throw new Error(`The flows differ:\n${a}\n${b}`);
  }
}

/** Times `flows` machine flows and `flows` direct flows, alternating, after `warmup` of each. */
export async function compareFlows(server: TestServer, flows: number, warmup: number): Promise<FlowTimings> {
  const machine: number[] = [];
  const direct: number[] = [];
  for (let index = 0; index < warmup + flows; index++) {
    const runMachine = () => timed(() => machineFlow(server, loginIdOf('m', index)));
    const runDirect = () => timed(() => directFlow(server, loginIdOf('d', index)));
    const [first, second] =
      index % 2 ? [await runDirect(), await runMachine()] : [await runMachine(), await runDirect()];
    if (index < warmup) continue;
    machine.push(index % 2 ? second : first);
    direct.push(index % 2 ? first : second);
  }
  return {
    flows,
    machineMedianMs: median(machine),
    directMedianMs: median(direct),
    machineP90Ms: quantile(machine, 0.9),
    directP90Ms: quantile(direct, 0.9),
    ratio: median(machine) / median(direct),
    pairedRatio: median(machine.map((time, index) => time / direct[index]!)),
  };
}

/** Requests the server received per machine flow, over `flows` flows (each must be 2). */
export async function requestsPerFlow(server: TestServer, flows: number): Promise<number[]> {
  const counts: number[] = [];
  for (let index = 0; index < flows; index++) {
    const from = server.requests.length;
    await machineFlow(server, `count${index}@example.com`);
    counts.push(server.requests.length - from);
  }
  return counts;
}

/** Requests the server received per `RESEND`, over `resends` resends in one flow (each must be 1). */
export async function requestsPerResend(server: TestServer, resends: number): Promise<number[]> {
  const actor = createActor(otpMachine, { input: { ...inputFor(server), resendCooldownMs: 0 } }).start();
  actor.send({ type: 'SEND', loginId: 'resend@example.com' });
  await reach(actor, (snapshot) => snapshot.matches('awaitingCode'));
  const counts: number[] = [];
  for (let index = 0; index < resends; index++) {
    const generation = actor.getSnapshot().context.generation;
    const from = server.requests.length;
    actor.send({ type: 'RESEND' });
    await reach(
      actor,
      (snapshot) =>
        (snapshot.matches('awaitingCode') && snapshot.context.generation > generation) ||
        snapshot.context.error !== null,
    );
    counts.push(server.requests.length - from);
  }
  actor.stop();
  return counts;
}
