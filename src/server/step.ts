import type { InspectionEvent, Snapshot } from 'xstate';
import {
  failureMessage,
  type OtpContext,
  type OtpEvent,
  type OtpFailure,
  type OtpInput,
  type OtpSession,
  type OtpStatus,
  type PersistedFlow,
  persistFlow,
} from '../index.ts';
import { descopeServices, type StepServices } from './services.ts';
import { actorRun, type FlowSnapshot, pureRun } from './statechart-run.ts';
import type { FlowFailure, FlowView } from './types.ts';
import { viewOf } from './view.ts';

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

const isKept = (snapshot: FlowSnapshot) => snapshot.matches('awaitingCode');

/**
 * What a step may add: other services for the statechart's slots, a check before the event that can refuse
 * it, and an inspector, which watches the step run as an actor.
 */
export interface StepHooks {
  services?: StepServices;
  before?: (context: OtpContext) => Promise<FlowFailure | null>;
  inspect?: (event: InspectionEvent) => void;
}

function outcomeOf(snapshot: FlowSnapshot, error: FlowFailure | null, requested: boolean): Outcome {
  const view = viewOf(snapshot, Date.now());
  const outcome: Outcome = {
    status: view.status,
    error,
    view,
    stored: isKept(snapshot) ? { kind: 'saved', flow: persistFlow(snapshot) } : deleted,
    requested,
  };
  // Stryker disable next-line ConditionalExpression,LogicalOperator: only a done flow has an output, and it always has one
  if (snapshot.status === 'done' && snapshot.output) outcome.session = snapshot.output;
  return outcome;
}

function cooldownRefusal(snapshot: FlowSnapshot): Outcome {
  const error: OtpFailure = {
    kind: 'rateLimited',
    retryAfterMs: Math.max(0, snapshot.context.resendAvailableAt - Date.now()),
  };
  const outcome = outcomeOf(snapshot, error, false);
  const view = { ...outcome.view, error: { ...error, message: failureMessage(error) } };
  return { ...outcome, view, stored: kept };
}

/**
 * Runs one step of a flow (restored from `snapshot` when given): sends `event` and waits until no request is
 * in flight. A resend the cooldown does not allow yet sends nothing. The statechart runs without an actor
 * unless the step is inspected.
 */
export async function runStep(
  input: OtpInput,
  snapshot: Snapshot<unknown> | undefined,
  event: OtpEvent,
  { services = descopeServices, before, inspect }: StepHooks = {},
): Promise<Outcome> {
  const run = inspect ? actorRun(input, snapshot, services, inspect) : pureRun(input, snapshot, services);
  try {
    const current = run.snapshot();
    // Stryker disable next-line ConditionalExpression: a flow in a state a step reaches accepts every other event a step sends
    if (event.type === 'RESEND' && !current.can(event)) return cooldownRefusal(current);
    // Stryker disable next-line OptionalChaining: the flows always pass a check before the event
    const refusal = await before?.(current.context);
    if (refusal)
      return {
        ...outcomeOf(run.snapshot(), refusal, false),
        stored: event.type === 'SEND' ? deleted : kept,
      };
    const { settled, requested } = await run.settle(event);
    return outcomeOf(settled, settled.context.error, requested);
  } finally {
    run.stop();
  }
}
