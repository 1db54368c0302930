import {
  type ActorScope,
  type AnyActorScope,
  createActor,
  type EventObject,
  type ExecutableActionsFrom,
  type InspectionEvent,
  type Snapshot,
  type SnapshotFrom,
  waitFor,
} from 'xstate';
import { dueTimerEvents } from '../../machines/time.ts';
import { type OtpContext, type OtpEvent, type OtpInput, otpStatechart } from '../index.ts';
import { machineWith, type StepServices } from './services.ts';

type Statechart = typeof otpStatechart;
type FlowEvent = Parameters<Statechart['transition']>[1];
type Action = ExecutableActionsFrom<Statechart>;
type Spawn = { id: string; src: unknown; input: unknown };

/** A snapshot of a step's flow. */
export type FlowSnapshot = SnapshotFrom<Statechart>;

/** A step's flow: its snapshot now, and the event that moves it on once every request it makes has settled. */
export interface StepRun {
  snapshot(): FlowSnapshot;
  settle(event: OtpEvent): Promise<{ settled: FlowSnapshot; requested: boolean }>;
  stop(): void;
}

const isSettled = (snapshot: FlowSnapshot) => !snapshot.matches('sending') && !snapshot.matches('verifying');

let actions: Action[] = [];
let inert: AnyActorScope | undefined;

function scopeOf(): ActorScope<FlowSnapshot, FlowEvent> {
  // Stryker disable next-line ConditionalExpression: a scope made anew for each transition runs the same transitions
  if (!inert) {
    // Stryker disable next-line ObjectLiteral,StringLiteral: the inert actor's input is never read; the actor only gives the scope its system
    const self = createActor(otpStatechart, { input: { projectId: '' } });
    const ignore = () => {};
    inert = {
      self,
      // Stryker disable next-line StringLiteral: read only by inspection, which an inert scope has none of
      id: '',
      // Stryker disable next-line StringLiteral: read only by inspection, which an inert scope has none of
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
  // Stryker disable next-line ArrayDeclaration: an entry that is not an action is never taken for a spawn
  if (snapshot.status !== 'active') return [snapshot, []];
  // Stryker disable next-line ArrayDeclaration: an entry that is not an action is never taken for a spawn
  actions = [];
  const next = otpStatechart.transition(snapshot, event as FlowEvent, scopeOf());
  return [next, actions];
}

const initialSnapshots = new WeakMap<OtpInput, FlowSnapshot>();

/** The flow before its first event, made once per `input` object: snapshots are never changed in place. */
function initialSnapshotOf(input: OtpInput): FlowSnapshot {
  const known = initialSnapshots.get(input);
  // Stryker disable next-line ConditionalExpression: a first snapshot made again from the same input is the same
  if (known) return known;
  const initial = otpStatechart.getInitialSnapshot(scopeOf(), input);
  initialSnapshots.set(input, initial);
  return initial;
}

/** A persisted flow with the settings and refresh JWT its input resolved to. */
const restore = ({ value, context }: FlowSnapshot, { settings, refreshJwt }: OtpContext): FlowSnapshot =>
  otpStatechart.resolveState({ value, context: { ...context, settings, refreshJwt } });

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
 * The statechart's own transitions, with no actor (XState's `transition` function would make an inert actor
 * for each call): the step makes the one request a transition asks for and hands its answer back as the
 * invoked actor's done or error event. No timer is armed, as the flow lives only for this step; each read of
 * the flow first marks the deadlines that have passed, as an actor's timers would have by then.
 */
export function pureRun(
  input: OtpInput,
  restored: Snapshot<unknown> | undefined,
  services: StepServices,
): StepRun {
  const initial = initialSnapshotOf(input);
  let snapshot = restored ? restore(restored as FlowSnapshot, initial.context) : initial;
  const current = () => {
    for (const event of dueTimerEvents(snapshot.context, Date.now()))
      [snapshot] = transitionOf(snapshot, event);
    return snapshot;
  };
  return {
    snapshot: current,
    async settle(event) {
      let taken: Action[];
      [snapshot, taken] = transitionOf(current(), event);
      let spawn = spawnOf(taken);
      const requested = spawn !== undefined;
      for (; spawn; spawn = spawnOf(taken))
        [snapshot, taken] = transitionOf(current(), await answerOf(services, spawn));
      return { settled: current(), requested };
    },
    stop() {},
  };
}

/** The statechart as an actor that `inspect` watches, stopped with the step. */
export function actorRun(
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
