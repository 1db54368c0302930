/**
 * The one place that reads XState's actors beyond the `ActorRef` type. XState hands actions and child actors
 * their `self` as an `ActorRef`, though at run time it is an `Actor`, whose public `clock` (the actor's clock,
 * `SimulatedClock` in tests) and `options.input` (what `createActor` was given, also when it restores a
 * snapshot without running the context factory) the machine needs. Checked structurally, so two copies of
 * xstate in one app still work; `test/machine/actor-adapter.test.ts` fails if an upgrade changes either.
 */
interface ActorClock {
  now?: () => number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

interface ActorInternals {
  clock: ActorClock;
  options?: { input?: unknown };
}

const isActor = (ref: unknown): ref is ActorInternals => Object(ref).clock instanceof Object;

/** The clock of an actor (the one its system runs timers on), or undefined for anything else. */
export const clockOf = (ref: unknown): ActorInternals['clock'] | undefined =>
  isActor(ref) ? ref.clock : undefined;

/** Now on an actor's clock: `SimulatedClock.now()` in tests, else `Date.now()`. */
export const nowOf = (ref: unknown): number => clockOf(ref)?.now?.() ?? Date.now();

/** The `input` an actor was created with. */
export const inputOf = (ref: unknown): unknown => (isActor(ref) ? ref.options?.input : undefined);
