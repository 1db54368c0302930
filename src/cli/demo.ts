import { type InspectionEvent, waitFor } from 'xstate';
import { startEmbeddedBackend } from './backend.ts';
import { type Flow, startFlow } from './flow.ts';
import { demoAddresses } from './prompts.ts';
import { errorLine, sessionLines } from './render.ts';

/** Options of the scripted walkthrough. */
export interface DemoOptions {
  print: (line: string) => void;
  showTokens: boolean;
  /** Aborting it stops the walkthrough (Ctrl-C). */
  signal: AbortSignal;
  /** Passed on to the actor, for an inspector. @default undefined */
  inspect?: (event: InspectionEvent) => void;
}

const demoLoginId = demoAddresses.phone;
const stepTimeoutMs = 10_000;

class DemoFailure extends Error {}

function otherCode(code: string): string {
  return code.replace(/^\d/, (digit) => String((Number(digit) + 1) % 10));
}

async function until(flow: Flow, label: string, check: (flow: Flow) => boolean, signal: AbortSignal) {
  const settled = () => check(flow) || flow.view().status === 'failed';
  await waitFor(flow.actor, settled, { timeout: stepTimeoutMs, signal }).catch(() => {
    if (signal.aborted) throw signal.reason;
  });
  if (check(flow)) return;
  const { status, error } = flow.view();
  const reason = error ? ` (${errorLine(error).slice(2)})` : '';
  throw new DemoFailure(`The demo expected ${label} but the flow is in ${status}${reason}.`);
}

const awaitingWith = (kind: string | null) => (flow: Flow) => {
  const view = flow.view();
  return view.status === 'awaitingCode' && (view.error?.kind ?? null) === kind;
};

/** Runs the scripted walkthrough against an embedded test server. Resolves with the exit status. */
export async function runDemo({ print, showTokens, signal, inspect }: DemoOptions): Promise<number> {
  const backend = await startEmbeddedBackend(print);
  const server = backend.server!;
  print(backend.description);
  const flow = startFlow(
    {
      projectId: backend.projectId,
      baseUrl: backend.baseUrl,
      operation: 'signUpOrIn',
      channel: 'sms',
      resendCooldownMs: 1000,
    },
    { print, inspect },
  );
  const step = (text: string) => print(`▸ ${text}`);
  try {
    step(`Sign up or sign in ${demoLoginId} by SMS.`);
    flow.view().send(demoLoginId);
    await until(flow, 'a sent code', awaitingWith(null), signal);
    const first = server.lastCode(demoLoginId)!;
    const wrong = otherCode(first);
    step(`Type a wrong code: ${wrong}`);
    flow.view().submitCode(wrong);
    await until(flow, 'the wrong code to be refused', awaitingWith('wrongCode'), signal);
    const wait = flow.view().resendInSeconds;
    step(wait > 0 ? `Wait ${wait}s, then ask for a new code (r).` : 'Ask for a new code (r).');
    await until(flow, 'a resend to be allowed', (current) => current.view().canResend, signal);
    flow.view().resend();
    await until(
      flow,
      'a new code',
      (current) => awaitingWith(null)(current) && server.lastCode(demoLoginId) !== first,
      signal,
    );
    step(`Type the first code again (${first}): it was replaced by the new one.`);
    flow.view().submitCode(first);
    await until(flow, 'the replaced code to be refused', awaitingWith('wrongCode'), signal);
    const latest = server.lastCode(demoLoginId)!;
    step(`Type the new code: ${latest}`);
    flow.view().submitCode(latest);
    await until(flow, 'authenticated', (current) => current.view().status === 'authenticated', signal);
    for (const line of sessionLines(flow.view().session!, showTokens)) print(line);
    print('✔ Demo complete. Run it in a terminal to try it yourself (see --help).');
    return 0;
  } catch (error) {
    if (signal.aborted) {
      print('Interrupted.');
      return 130;
    }
    print(`✖ ${error instanceof DemoFailure ? error.message : 'The demo failed unexpectedly.'}`);
    return 1;
  } finally {
    flow.stop();
    await backend.close();
  }
}
