import { assign, createActor, fromPromise, setup, toPromise } from 'xstate';
import type { TestServer } from '../src/testing/index.ts';
import { reach } from './actors.ts';
import { directSend, directVerify } from './direct.ts';

interface FloorContext {
  server: TestServer;
  loginId: string;
}

/**
 * The least statechart that can run the flow: the same five states, two promise actors making exactly the
 * requests of the direct flow, no validation, timers, failures or options. What it costs over the direct
 * flow is what any XState v5 statechart costs on this machine.
 */
export const floorMachine = setup({
  types: {
    context: {} as FloorContext,
    input: {} as { server: TestServer },
    events: {} as { type: 'SEND'; loginId: string } | { type: 'SUBMIT_CODE'; code: string },
  },
  actors: {
    sendCode: fromPromise<unknown, FloorContext>(({ input }) => directSend(input.server, input.loginId)),
    verifyCode: fromPromise<unknown, FloorContext & { code: string }>(({ input }) =>
      directVerify(input.server, input.loginId, input.code),
    ),
  },
}).createMachine({
  context: ({ input }) => ({ server: input.server, loginId: '' }),
  initial: 'idle',
  states: {
    idle: { on: { SEND: { target: 'sending', actions: assign({ loginId: ({ event }) => event.loginId }) } } },
    sending: { invoke: { src: 'sendCode', input: ({ context }) => context, onDone: 'awaitingCode' } },
    awaitingCode: { on: { SUBMIT_CODE: 'verifying' } },
    verifying: {
      invoke: {
        src: 'verifyCode',
        input: ({ context, event }) => ({ ...context, code: (event as { code: string }).code }),
        onDone: 'authenticated',
      },
    },
    authenticated: { type: 'final' },
  },
});

/** One flow through `floorMachine`, driven exactly as the OTP machine's flow is. */
export async function floorFlow(server: TestServer, loginId: string): Promise<void> {
  const actor = createActor(floorMachine, { input: { server } }).start();
  actor.send({ type: 'SEND', loginId });
  await reach(actor, (snapshot) => !snapshot.matches('sending'));
  actor.send({ type: 'SUBMIT_CODE', code: server.lastCode(loginId) ?? '' });
  await toPromise(actor);
}
