import type { AnyStateMachine, AnyStateNode } from 'xstate';

/** One transition of a state node, as the inspector page and the diagram draw it. */
export interface TransitionInfo {
  /** The event type, for example `SEND` or `xstate.done.actor.sendCode` (`''` for an eventless one). */
  event: string;
  /** A short label: `SEND`, `sendCode done`, `sendCode error`, `after 500`, `always`. */
  label: string;
  /** The guard, for example `isResendReady` or `isResendReady and hasInvalidResendChannel`. */
  guard?: string;
  /** Ids of the target state nodes; empty when the transition only runs actions. */
  targets: string[];
}

/** A state node of a machine definition, as plain JSON. */
export interface StateNodeInfo {
  /** The full id, for example `otp.awaitingCode.valid`. */
  id: string;
  /** The key in its parent, for example `valid`. */
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** The id of the initial child of a compound state. */
  initial?: string;
  /** Ids of the actors the state invokes. */
  invoke: string[];
  transitions: TransitionInfo[];
  states: StateNodeInfo[];
}

type Guard = string | { type?: unknown } | ((...args: never[]) => unknown) | undefined | null;

function guardName(guard: Guard): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const inner = (guard as { guards?: Guard[] }).guards;
    if (!Array.isArray(inner)) return guard.name || 'guard';
    const names = inner.map((item) => {
      const name = guardName(item) ?? 'guard';
      return name.includes(' ') ? `(${name})` : name;
    });
    return guard.name === 'not' ? `not ${names[0]}` : names.join(` ${guard.name} `);
  }
  return typeof guard.type === 'string' ? guard.type : 'guard';
}

function label(event: string): string {
  const actor = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event);
  if (actor) return `${actor[2]} ${actor[1]}`;
  if (event.startsWith('xstate.done.state.')) return 'done';
  if (event.startsWith('xstate.after.')) return `after ${event.slice('xstate.after.'.length).split('.')[0]}`;
  return event === '' ? 'always' : event;
}

interface TransitionLike {
  eventType: string;
  guard?: Guard;
  target?: readonly { id: string }[] | undefined;
}

function describeTransition(transition: TransitionLike): TransitionInfo {
  const event = transition.eventType ?? '';
  const guard = guardName(transition.guard);
  const targets = (transition.target ?? []).map((target) => target.id);
  return guard === undefined
    ? { event, label: label(event), targets }
    : { event, label: label(event), guard, targets };
}

/** Describes a state node and its descendants as plain JSON. */
function describeStateNode(node: AnyStateNode): StateNodeInfo {
  const transitions = [...node.transitions.values(), node.always ?? []].flat() as TransitionLike[];
  const info: StateNodeInfo = {
    id: node.id,
    key: node.key,
    type: node.type,
    invoke: node.invoke.map((invoke: { id: string }) => invoke.id),
    transitions: transitions.map(describeTransition),
    states: Object.values(node.states as Record<string, AnyStateNode>).map(describeStateNode),
  };
  const initial = node.type === 'compound' ? node.initial?.target?.[0]?.id : undefined;
  return initial === undefined ? info : { ...info, initial };
}

/** Describes a machine's state tree (ids, children, transitions, invocations) as plain JSON. */
export function describeMachine(machine: AnyStateMachine): StateNodeInfo {
  return describeStateNode(machine.root);
}
