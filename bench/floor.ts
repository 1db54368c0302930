import { type AnyStateMachine, assign, createActor, fromPromise, setup, toPromise } from 'xstate';
import type { TestServer } from '../src/testing/index.ts';
import { reach } from './actors.ts';
import { directSend, directVerify } from './direct.ts';

interface FloorContext {
  server: TestServer;
  loginId: string;
}

type FloorEvent =
  | { type: 'SEND'; loginId: string }
  | { type: 'SUBMIT_CODE'; code: string }
  | { type: 'SENT' }
  | { type: 'VERIFIED' };

const floorSetup = setup({
  types: {
    context: {} as FloorContext,
    input: {} as { server: TestServer },
    events: {} as FloorEvent,
  },
  actors: {
    sendCode: fromPromise<unknown, FloorContext>(({ input }) => directSend(input.server, input.loginId)),
    verifyCode: fromPromise<unknown, FloorContext & { code: string }>(({ input }) =>
      directVerify(input.server, input.loginId, input.code),
    ),
  },
});

const context = ({ input }: { input: { server: TestServer } }) => ({ server: input.server, loginId: '' });
const loginIdOf = (event: FloorEvent) => (event.type === 'SEND' ? event.loginId : '');
const codeOf = (event: FloorEvent) => (event.type === 'SUBMIT_CODE' ? event.code : '');

/**
 * The least statechart that keeps the OTP machine's shape: the same five states and two promise actors
 * making exactly the requests of the direct flow; no validation, timers, failures or options.
 */
export const floorMachine = floorSetup.createMachine({
  context,
  initial: 'idle',
  states: {
    idle: {
      on: { SEND: { target: 'sending', actions: assign({ loginId: ({ event }) => loginIdOf(event) }) } },
    },
    sending: { invoke: { src: 'sendCode', input: ({ context }) => context, onDone: 'awaitingCode' } },
    awaitingCode: { on: { SUBMIT_CODE: 'verifying' } },
    verifying: {
      invoke: {
        src: 'verifyCode',
        input: ({ context, event }) => ({ ...context, code: codeOf(event) }),
        onDone: 'authenticated',
      },
    },
    authenticated: { type: 'final' },
  },
});

/**
 * A statechart with no child actor at all: the requests start in entry actions and answer with an event.
 * Nothing can abort them, so no OTP flow may be built this way; it is what one actor and its transitions
 * cost, the least any XState statechart can.
 */
export const bareMachine = floorSetup.createMachine({
  context,
  initial: 'idle',
  states: {
    idle: {
      on: { SEND: { target: 'sending', actions: assign({ loginId: ({ event }) => loginIdOf(event) }) } },
    },
    sending: {
      entry: ({ context, self }) => {
        void directSend(context.server, context.loginId).then(() => self.send({ type: 'SENT' }));
      },
      on: { SENT: 'awaitingCode' },
    },
    awaitingCode: { on: { SUBMIT_CODE: 'verifying' } },
    verifying: {
      entry: ({ context, event, self }) => {
        void directVerify(context.server, context.loginId, codeOf(event)).then(() =>
          self.send({ type: 'VERIFIED' }),
        );
      },
      on: { VERIFIED: 'authenticated' },
    },
    authenticated: { type: 'final' },
  },
});

async function statechartFlow(machine: AnyStateMachine, server: TestServer, loginId: string): Promise<void> {
  const actor = createActor(machine, { input: { server } }).start();
  actor.send({ type: 'SEND', loginId });
  await reach(actor, (snapshot) => !snapshot.matches('sending'));
  actor.send({ type: 'SUBMIT_CODE', code: server.lastCode(loginId) ?? '' });
  await toPromise(actor);
}

/** One flow through `floorMachine`, driven exactly as the OTP machine's flow is. */
export const floorFlow = (server: TestServer, loginId: string) =>
  statechartFlow(floorMachine, server, loginId);

/** One flow through `bareMachine`, driven exactly as the OTP machine's flow is. */
export const bareFlow = (server: TestServer, loginId: string) => statechartFlow(bareMachine, server, loginId);
