/**
 * Time, on the actor's clock. The machine owns its cooldown and expiry timers rather than using `after`
 * delays: XState persists no deadline and restarts no `after` timer when it restores a snapshot, and an
 * invoked scheduler actor would cost about 400 B for every waiting actor. So the context keeps absolute
 * deadlines (`resendAvailableAt`, `codeExpiresAt`: epoch ms on the actor's clock), `armTimers` sets one
 * timeout per pending deadline, and the machine acts on a timer event only once its deadline has passed.
 * A restored flow re-arms them: the machine class below sends each pending deadline's event when the actor
 * starts, which marks what has passed and arms the rest; a transition that stops, ends or fails the actor
 * clears them. This is the one place that reads XState actors beyond the `ActorRef` type: `clock` (the
 * actor's clock, `SimulatedClock` in tests) and `options.input` (what `createActor` was given, also when it
 * restores a snapshot without running the context factory), checked structurally so two copies of xstate in
 * one app still work; `test/machine/actor-adapter.test.ts` fails if an upgrade changes either.
 */
import { type AnyActorScope, type AnyStateMachine, type Snapshot, StateMachine } from 'xstate';
import { restoredContext } from './context.ts';
import type { OtpContext } from './otp.types.ts';
import { maxTimerMs } from './validate.ts';

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
export const clockOf = (ref: unknown): ActorClock | undefined => (isActor(ref) ? ref.clock : undefined);

/** Now on an actor's clock: `SimulatedClock.now()` in tests, else `Date.now()`. */
export const nowOf = (ref: unknown): number => clockOf(ref)?.now?.() ?? Date.now();

/** The `input` an actor was created with. */
export const inputOf = (ref: unknown): unknown => (isActor(ref) ? ref.options?.input : undefined);

/** The events the machine's clock sends; the machine acts on them only once their deadline has passed. */
export type TimerEvent = { type: 'COOLDOWN_ELAPSED' } | { type: 'CODE_EXPIRED' };

type ClockContext = Pick<OtpContext, 'resendReady' | 'resendAvailableAt' | 'codeExpired' | 'codeExpiresAt'>;

export const hasPassed = (deadline: number | undefined, self: unknown): boolean =>
  deadline !== undefined && nowOf(self) >= deadline;

const deadlinesOf = (context: ClockContext) =>
  [
    ['COOLDOWN_ELAPSED', context.resendReady ? undefined : context.resendAvailableAt],
    ['CODE_EXPIRED', context.codeExpired ? undefined : context.codeExpiresAt],
  ] as const;

/**
 * The timer events a context's passed deadlines are due, at `now`: what a restored actor acts on when it
 * starts, for a caller that runs the machine's transitions without an actor.
 */
export const dueTimerEvents = (context: ClockContext, now: number): TimerEvent[] =>
  deadlinesOf(context).flatMap(([type, deadline]) =>
    // Stryker disable next-line ConditionalExpression,LogicalOperator: an event for a deadline not passed marks nothing, as the machine checks each deadline itself
    deadline !== undefined && now >= deadline ? [{ type }] : [],
  );

const armed = new WeakMap<object, unknown[]>();

const clearTimers = (self: object): void => {
  // Stryker disable next-line ArrayDeclaration,OptionalChaining: clearing an unknown timer id does nothing, and ids are armed only on an actor with a clock
  for (const id of armed.get(self) ?? []) clockOf(self)?.clearTimeout(id);
  armed.delete(self);
};

/**
 * Arms one timeout on the actor's clock per pending deadline of the context, replacing the ones armed before;
 * the event of a deadline that has already passed is sent at once.
 */
export const armTimers = (self: { send(event: TimerEvent): void }, context: ClockContext): void => {
  clearTimers(self);
  const clock = clockOf(self);
  // Stryker disable next-line ArrayDeclaration: clearing an unknown timer id does nothing
  const ids: unknown[] = [];
  for (const [type, deadline] of deadlinesOf(context)) {
    if (deadline === undefined || !clock) continue;
    const delay = deadline - nowOf(self);
    if (delay <= 0) self.send({ type });
    else ids.push(clock.setTimeout(() => self.send({ type }), Math.min(delay, maxTimerMs)));
  }
  armed.set(self, ids);
};

type MachineClass = new (
  config: AnyStateMachine['config'],
  implementations: AnyStateMachine['implementations'],
) => AnyStateMachine;

const Machine: MachineClass = StateMachine;

class TimedMachine extends Machine {
  override restoreSnapshot(snapshot: Snapshot<unknown>, scope: AnyActorScope) {
    const context = 'context' in snapshot ? snapshot.context : undefined;
    const restored = { ...snapshot, context: restoredContext(context, inputOf(scope.self)) };
    return super.restoreSnapshot(restored, scope);
  }

  override start(snapshot: Parameters<AnyStateMachine['start']>[0], scope?: AnyActorScope) {
    super.start(snapshot);
    // Stryker disable OptionalChaining: an actor always starts its logic with its scope
    for (const [type, deadline] of deadlinesOf(snapshot.context))
      if (deadline !== undefined) scope?.self.send({ type });
    // Stryker restore OptionalChaining
  }

  override transition(...[snapshot, event, scope]: Parameters<AnyStateMachine['transition']>) {
    const next = super.transition(snapshot, event, scope);
    if (next.status !== 'active') clearTimers(scope.self);
    return next;
  }

  override provide(implementations: Parameters<AnyStateMachine['provide']>[0]): AnyStateMachine {
    const provided = super.provide(implementations);
    return new TimedMachine(provided.config, provided.implementations);
  }
}

/**
 * The machine as a class (kept by `provide`) that restores `settings` and the refresh JWT from the actor's
 * `input`, so a persisted snapshot never has to carry them, re-arms the restored deadlines once the actor
 * starts, and clears the timers when the actor stops, ends or fails.
 */
export function withOwnTime<T extends AnyStateMachine>(machine: T): T;
export function withOwnTime(machine: AnyStateMachine): AnyStateMachine {
  return new TimedMachine(machine.config, machine.implementations);
}
