import { type AnyStateMachine, assign, createActor, fromPromise, setup } from 'xstate';
import { driveFlow } from './actors.ts';
import { type BenchServer, directSend, directVerify } from './direct.ts';

interface FloorContext {
  server: BenchServer;
  loginId: string;
}

type Session = { sessionJwt?: string };

type FloorEvent =
  | { type: 'SEND'; loginId: string }
  | { type: 'SUBMIT_CODE'; code: string }
  | { type: 'SENT' }
  | { type: 'VERIFIED'; output: Session }
  | { type: 'FAILED' };

const floorSetup = setup({
  types: {
    context: {} as FloorContext,
    input: {} as { server: BenchServer },
    events: {} as FloorEvent,
    output: {} as Session,
  },
  actors: {
    sendCode: fromPromise<unknown, FloorContext>(({ input }) => directSend(input.server, input.loginId)),
    verifyCode: fromPromise<Session, FloorContext & { code: string }>(({ input }) =>
      directVerify(input.server, input.loginId, input.code),
    ),
  },
  actions: {
    assignLoginId: assign({ loginId: ({ event }) => (event.type === 'SEND' ? event.loginId : '') }),
  },
});

const submittedCode = (event: FloorEvent) => (event.type === 'SUBMIT_CODE' ? event.code : '');
const outputOf = ({ event }: { event: unknown }): Session => (event as { output?: Session }).output ?? {};
const common = {
  context: ({ input }: { input: { server: BenchServer } }) => ({ server: input.server, loginId: '' }),
  initial: 'idle',
  output: outputOf,
} as const;
const idle = { on: { SEND: { target: 'sending', actions: 'assignLoginId' } } } as const;
const awaitingCode = { on: { SUBMIT_CODE: 'verifying' } } as const;
const ends = { authenticated: { type: 'final', output: outputOf }, failed: { type: 'final' } } as const;

/**
 * The least statechart of the OTP machine's shape: the five states of a successful flow (and an end for a
 * failed one) with two promise actors making exactly the requests of the direct flow; no validation,
 * timers, cancellation or failure handling.
 */
const floorMachine = floorSetup.createMachine({
  ...common,
  states: {
    idle,
    sending: {
      invoke: { src: 'sendCode', input: ({ context }) => context, onDone: 'awaitingCode', onError: 'failed' },
    },
    awaitingCode,
    verifying: {
      invoke: {
        src: 'verifyCode',
        input: ({ context, event }) => ({ ...context, code: submittedCode(event) }),
        onDone: 'authenticated',
        onError: 'failed',
      },
    },
    ...ends,
  },
});

/**
 * A statechart with no child actor at all: the requests start in entry actions and answer with an event.
 * Nothing can abort them, so no OTP flow may be built this way; it is what one actor and its transitions
 * cost, about the least an XState statechart can.
 */
const bareMachine = floorSetup.createMachine({
  ...common,
  states: {
    idle,
    sending: {
      entry: ({ context, self }) => {
        directSend(context.server, context.loginId).then(
          () => self.send({ type: 'SENT' }),
          () => self.send({ type: 'FAILED' }),
        );
      },
      on: { SENT: 'awaitingCode', FAILED: 'failed' },
    },
    awaitingCode,
    verifying: {
      entry: ({ context, event, self }) => {
        directVerify(context.server, context.loginId, submittedCode(event)).then(
          (output) => self.send({ type: 'VERIFIED', output }),
          () => self.send({ type: 'FAILED' }),
        );
      },
      on: { VERIFIED: 'authenticated', FAILED: 'failed' },
    },
    ...ends,
  },
});

async function statechartFlow(machine: AnyStateMachine, server: BenchServer, loginId: string): Promise<void> {
  const actor = createActor(machine, { input: { server } }).start();
  const session = (await driveFlow(actor, loginId, (id) => server.code(id))) as Session | undefined;
  if (!session?.sessionJwt) throw new Error(`The flow through ${machine.id} did not authenticate`);
}

/** One flow through the least statechart of the OTP machine's shape, driven as the machine's flow is. */
export const floorFlow = (server: BenchServer, loginId: string) =>
  statechartFlow(floorMachine, server, loginId);

/** One flow through the statechart with no child actor, driven as the machine's flow is. */
export const bareFlow = (server: BenchServer, loginId: string) =>
  statechartFlow(bareMachine, server, loginId);
