import type { SnapshotFrom } from 'xstate';
import { type Actor, createActor, type InspectionEvent, type Snapshot, waitFor } from 'xstate';
import {
  failureMessage,
  type OtpContext,
  type OtpEvent,
  type OtpFailure,
  type OtpInput,
  type OtpSession,
  type OtpStatus,
  otpMachine,
  type PersistedFlow,
  persistFlow,
} from '../index.ts';
import type { FlowFailure, FlowView } from './types.ts';
import { viewOf } from './view.ts';

type FlowSnapshot = SnapshotFrom<typeof otpMachine>;

/** What a step does to the flow's entry: saves the flow, deletes the entry, or keeps it as it was. */
export type StoredChange =
  | { readonly kind: 'saved'; readonly flow: PersistedFlow }
  | { readonly kind: 'deleted' }
  | { readonly kind: 'kept' };

const deleted: StoredChange = { kind: 'deleted' };
const kept: StoredChange = { kind: 'kept' };

/** What a step did to a flow, and what to store. */
export interface Outcome {
  status: OtpStatus;
  error: FlowFailure | null;
  view: FlowView;
  session?: OtpSession;
  stored: StoredChange;
  /** Whether the step made a request to Descope (a send or a verify), whatever its answer. */
  requested: boolean;
}

const isSettled = (snapshot: FlowSnapshot) => !snapshot.matches('sending') && !snapshot.matches('verifying');
const isKept = (snapshot: FlowSnapshot) => snapshot.matches('awaitingCode');

/**
 * What a step may add: another machine (the same statechart), a check before the event that can refuse it,
 * and an inspector for the step's actor.
 */
export interface StepHooks {
  machine?: typeof otpMachine;
  before?: (context: OtpContext) => Promise<FlowFailure | null>;
  inspect?: (event: InspectionEvent) => void;
}

function outcomeOf(actor: Actor<typeof otpMachine>, error: FlowFailure | null, requested: boolean): Outcome {
  const snapshot = actor.getSnapshot();
  const view = viewOf(snapshot, Date.now());
  const outcome: Outcome = {
    status: view.status,
    error,
    view,
    stored: isKept(snapshot) ? { kind: 'saved', flow: persistFlow(actor) } : deleted,
    requested,
  };
  // Stryker disable next-line ConditionalExpression,LogicalOperator: only a done flow has an output, and it always has one
  if (snapshot.status === 'done' && snapshot.output) outcome.session = snapshot.output;
  return outcome;
}

function cooldownRefusal(actor: Actor<typeof otpMachine>): Outcome {
  const snapshot = actor.getSnapshot();
  const error: OtpFailure = {
    kind: 'rateLimited',
    retryAfterMs: Math.max(0, snapshot.context.resendAvailableAt - Date.now()),
  };
  const outcome = outcomeOf(actor, error, false);
  const view = { ...outcome.view, error: { ...error, message: failureMessage(error) } };
  return { ...outcome, view, stored: kept };
}

/**
 * Starts an actor (restored from `snapshot` when given), sends `event`, waits until no request is in
 * flight, and stops the actor. A resend the cooldown does not allow yet sends nothing.
 */
export async function runStep(
  input: OtpInput,
  snapshot: Snapshot<unknown> | undefined,
  event: OtpEvent,
  { machine = otpMachine, before, inspect }: StepHooks = {},
): Promise<Outcome> {
  const actor = createActor(machine, {
    input,
    ...(snapshot ? { snapshot } : {}),
    ...(inspect ? { inspect } : {}),
  });
  try {
    actor.start();
    await Promise.resolve();
    // Stryker disable next-line ConditionalExpression: a flow in a state a step reaches accepts every other event a step sends
    if (event.type === 'RESEND' && !actor.getSnapshot().can(event)) return cooldownRefusal(actor);
    // Stryker disable next-line OptionalChaining: the flows always pass a check before the event
    const refusal = await before?.(actor.getSnapshot().context);
    if (refusal)
      return {
        ...outcomeOf(actor, refusal, false),
        stored: event.type === 'SEND' ? deleted : kept,
      };
    actor.send(event);
    const requested = !isSettled(actor.getSnapshot());
    await waitFor(actor, isSettled);
    const settled = actor.getSnapshot();
    return outcomeOf(actor, settled.context.error, requested);
  } finally {
    actor.stop();
  }
}
