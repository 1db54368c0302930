import { type Actor, createActor, type InspectionEvent } from 'xstate';
import type { Channel, Operation, OtpInput } from '../../machines/otp.types.ts';
import { connect, type OtpView } from '../connect.ts';
import { otpMachine } from '../machine.ts';
import { type RenderedSnapshot, transitionLines } from './render.ts';

/** Options of `startFlow`. */
export interface FlowOptions {
  /** Receives each readable line. */
  print: (line: string) => void;
  /** Called after each snapshot, once its lines are printed. */
  onChange?: () => void;
  /** Passed to xstate's `createActor` as `inspect`: where an inspector plugs in. @default undefined */
  inspect?: (event: InspectionEvent) => void;
}

/** A running flow: the actor plus what the terminal reads from it. */
export interface Flow {
  actor: Actor<typeof otpMachine>;
  view(): OtpView;
  stop(): void;
}

/** Starts the OTP machine and prints one line per state change or failure. */
export function startFlow(input: OtpInput, options: FlowOptions): Flow {
  const actor = createActor(otpMachine, { input, inspect: options.inspect });
  let previous: RenderedSnapshot | undefined;
  actor.subscribe({
    next: (snapshot) => {
      for (const line of transitionLines(snapshot, previous)) options.print(line);
      previous = snapshot;
      options.onChange?.();
    },
    error: (error) => options.print(`✖ Unexpected problem: ${error instanceof Error ? error.name : 'error'}`),
  });
  actor.start();
  return {
    actor,
    view: () => connect(actor.getSnapshot(), actor.send),
    stop: () => actor.stop(),
  };
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
