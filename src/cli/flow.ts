import { type Actor, createActor, type InspectionEvent } from 'xstate';
import type { Channel, Operation, OtpEvent, OtpInput } from '../../machines/otp.types.ts';
import { connect, type OtpView } from '../connect/index.ts';
import { otpMachine } from '../machine.ts';
import { errorLine, transitionLines } from './render.ts';

/** Options of `startFlow`. */
export interface FlowOptions {
  /** Receives each readable line. */
  print: (line: string) => void;
  /** Called after each snapshot, once its lines are printed. */
  onChange?: () => void;
  /** Passed to xstate's `createActor` as `inspect`: where an inspector plugs in. @default undefined */
  inspect?: (event: InspectionEvent) => void;
}

/** A running flow: the actor plus the view the terminal reads. */
export interface Flow {
  actor: Actor<typeof otpMachine>;
  /** The current view; its functions send to the machine and print a refusal that changed nothing. */
  view(): OtpView;
  stop(): void;
}

/** Starts the OTP machine and prints one line per state change or failure. */
export function startFlow(input: OtpInput, options: FlowOptions): Flow {
  const actor = createActor(otpMachine, { input, inspect: options.inspect });
  let previous: OtpView | undefined;
  let printed = 0;
  const print = (line: string) => {
    printed += 1;
    options.print(line);
  };
  const send = (event: OtpEvent) => {
    const before = printed;
    actor.send(event);
    const { error } = view();
    if (printed === before && error) print(errorLine(error));
  };
  const view = () => connect(actor.getSnapshot(), send);
  actor.subscribe({
    next: () => {
      const next = view();
      for (const line of transitionLines(next, previous)) print(line);
      previous = next;
      options.onChange?.();
    },
    error: (error) => print(`✖ Unexpected problem: ${error instanceof Error ? error.name : 'error'}`),
  });
  actor.start();
  return { actor, view, stop: () => actor.stop() };
}

/** The machine input for the terminal's choices. */
export function flowInput(
  backend: { projectId: string; baseUrl?: string },
  choice: { operation: Operation; channel: Channel; refreshJwt?: string; resendCooldownSeconds?: number },
): OtpInput {
  const { operation, channel, refreshJwt, resendCooldownSeconds } = choice;
  return {
    projectId: backend.projectId,
    baseUrl: backend.baseUrl,
    operation,
    channel,
    refreshJwt,
    resendCooldownMs: resendCooldownSeconds === undefined ? undefined : resendCooldownSeconds * 1000,
  };
}
