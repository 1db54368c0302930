import {
  type ActorScope,
  type AnyActorScope,
  createActor,
  type EventObject,
  type ExecutableActionsFrom,
  fromPromise,
  type InspectionEvent,
  type Snapshot,
  type SnapshotFrom,
  waitFor,
} from 'xstate';
import { restoredContext } from '../../machines/context.ts';
import { dueTimerEvents } from '../../machines/time.ts';
import { requestSendCode, requestVerifyCode } from '../channels/index.ts';
import {
  failureMessage,
  type OtpContext,
  type OtpEvent,
  type OtpFailure,
  type OtpInput,
  type OtpSession,
  type OtpStatus,
  otpMachine,
  otpStatechart,
  type PersistedFlow,
  persistFlow,
  type SendCodeInput,
  type SendCodeOutput,
  type VerifyCodeInput,
} from '../index.ts';
import type { FlowFailure, FlowView } from './types.ts';
import { viewOf } from './view.ts';

type Statechart = typeof otpStatechart;
type FlowSnapshot = SnapshotFrom<Statechart>;
type FlowEvent = Parameters<Statechart['transition']>[1];

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

/** The requests a step makes for the statechart's `sendCode` and `verifyCode` slots. */
export interface StepServices {
  sendCode(call: { input: SendCodeInput; signal?: AbortSignal }): Promise<SendCodeOutput>;
  verifyCode(call: { input: VerifyCodeInput; signal?: AbortSignal }): Promise<OtpSession>;
}

/** Descope's own requests: what `otpMachine` invokes. */
export const descopeServices: StepServices = { sendCode: requestSendCode, verifyCode: requestVerifyCode };

const machines = new WeakMap<StepServices, typeof otpMachine>([[descopeServices, otpMachine]]);

/** The statechart with `services` in its slots: `otpMachine` for Descope's. */
export function machineWith(services: StepServices): typeof otpMachine {
  const known = machines.get(services);
  if (known) return known;
  const machine = otpStatechart.provide({
    actors: { sendCode: fromPromise(services.sendCode), verifyCode: fromPromise(services.verifyCode) },
  });
  machines.set(services, machine);
  return machine;
}

const isSettled = (snapshot: FlowSnapshot) => !snapshot.matches('sending') && !snapshot.matches('verifying');
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

/** A step's flow: its snapshot now, and the event that moves it on once every request it makes has settled. */
interface StepRun {
  snapshot(): FlowSnapshot;
  settle(event: OtpEvent): Promise<{ settled: FlowSnapshot; requested: boolean }>;
  stop(): void;
}

type Action = ExecutableActionsFrom<Statechart>;
type Spawn = { id: string; src: unknown; input: unknown };

let actions: Action[] = [];
let inert: AnyActorScope | undefined;

function scopeOf(): ActorScope<FlowSnapshot, FlowEvent> {
  if (!inert) {
    const self = createActor(otpStatechart, { input: { projectId: '' } });
    const ignore = () => {};
    inert = {
      self,
      id: '',
      sessionId: '',
      system: self.system,
      logger: ignore,
      defer: ignore,
      emit: ignore,
      stopChild: ignore,
      actionExecutor: (action) => void actions.push(action as Action),
    };
  }
  return inert as ActorScope<FlowSnapshot, FlowEvent>;
}

function transitionOf(snapshot: FlowSnapshot, event: EventObject): [FlowSnapshot, Action[]] {
  if (snapshot.status !== 'active') return [snapshot, []];
  actions = [];
  const next = otpStatechart.transition(snapshot, event as FlowEvent, scopeOf());
  return [next, actions];
}

const initialSnapshots = new WeakMap<OtpInput, FlowSnapshot>();

/** The flow before its first event, made once per `input` object: snapshots are never changed in place. */
function initialSnapshotOf(input: OtpInput): FlowSnapshot {
  const known = initialSnapshots.get(input);
  if (known) return known;
  const initial = otpStatechart.getInitialSnapshot(scopeOf(), input);
  initialSnapshots.set(input, initial);
  return initial;
}

/** A persisted flow with the settings and refresh JWT its input resolved to. */
function restore({ value, context }: FlowSnapshot, { settings, refreshJwt }: OtpContext): FlowSnapshot {
  const resolved = restoredContext({ ...context, settings, refreshJwt }, undefined) as unknown as OtpContext;
  return otpStatechart.resolveState({ value, context: resolved });
}

const spawnOf = (taken: Action[]): Spawn | undefined =>
  taken.find((action) => action.type === 'xstate.spawnChild')?.params as Spawn | undefined;

async function answerOf(services: StepServices, { id, src, input }: Spawn): Promise<EventObject> {
  try {
    const call = { input } as { input: never };
    const output = await (src === 'verifyCode' ? services.verifyCode(call) : services.sendCode(call));
    return { type: `xstate.done.actor.${id}`, output, actorId: id } as EventObject;
  } catch (error) {
    return { type: `xstate.error.actor.${id}`, error, actorId: id } as EventObject;
  }
}

/**
 * The statechart's own transitions, with no actor: the step makes the one request a transition asks for and
 * hands its answer back as the invoked actor's done or error event. No timer is armed, as the flow lives
 * only for this step; a deadline that has passed is marked as the actor would on start.
 */
function pureRun(input: OtpInput, restored: Snapshot<unknown> | undefined, services: StepServices): StepRun {
  const initial = initialSnapshotOf(input);
  let snapshot = restored ? restore(restored as FlowSnapshot, initial.context) : initial;
  for (const event of dueTimerEvents(snapshot.context, Date.now()))
    [snapshot] = transitionOf(snapshot, event);
  return {
    snapshot: () => snapshot,
    async settle(event) {
      let taken: Action[];
      [snapshot, taken] = transitionOf(snapshot, event);
      const requested = spawnOf(taken) !== undefined;
      for (let spawn = spawnOf(taken); spawn; spawn = spawnOf(taken))
        [snapshot, taken] = transitionOf(snapshot, await answerOf(services, spawn));
      return { settled: snapshot, requested };
    },
    stop() {},
  };
}

function actorRun(
  input: OtpInput,
  snapshot: Snapshot<unknown> | undefined,
  services: StepServices,
  inspect: (event: InspectionEvent) => void,
): StepRun {
  const actor = createActor(machineWith(services), { input, inspect, ...(snapshot ? { snapshot } : {}) });
  actor.start();
  return {
    snapshot: () => actor.getSnapshot(),
    async settle(event) {
      actor.send(event);
      const requested = !isSettled(actor.getSnapshot());
      return { settled: await waitFor(actor, isSettled), requested };
    },
    stop: () => actor.stop(),
  };
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
    if (inspect) await Promise.resolve();
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
