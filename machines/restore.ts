import { type AnyActorScope, type AnyStateMachine, type Snapshot, StateMachine } from 'xstate';
import { inputOf } from './actor-adapter.ts';
import { clearTimers, deadlinesOf } from './clock.ts';
import { resolveRefreshJwt, resolveSettings } from './context.ts';
import type { OtpInput } from './otp.types.ts';
import { isRecord } from './record.ts';
import { SecretValue } from './secret.ts';

const isInput = (value: unknown): value is Partial<OtpInput> => isRecord(value);

export function restoredContext(context: unknown, input: unknown): Record<string, unknown> {
  const given = isRecord(context) ? context : {};
  return {
    ...given,
    codeExpired: given.codeExpired === true,
    settings: isInput(input) ? resolveSettings(input) : (given.settings ?? resolveSettings(undefined)),
    refreshJwt: isInput(input)
      ? resolveRefreshJwt(input)
      : given.refreshJwt instanceof SecretValue
        ? given.refreshJwt
        : null,
  };
}

type MachineClass = new (
  config: AnyStateMachine['config'],
  implementations: AnyStateMachine['implementations'],
) => AnyStateMachine;

const Machine: MachineClass = StateMachine;

class InputRestoringMachine extends Machine {
  override restoreSnapshot(snapshot: Snapshot<unknown>, scope: AnyActorScope) {
    const context = 'context' in snapshot ? snapshot.context : undefined;
    const restored = Object.assign({}, snapshot, { context: restoredContext(context, inputOf(scope.self)) });
    return super.restoreSnapshot(restored, scope);
  }

  override start(snapshot: Parameters<AnyStateMachine['start']>[0], scope?: AnyActorScope) {
    super.start(snapshot);
    for (const [type, deadline] of deadlinesOf(snapshot.context))
      if (deadline !== undefined) scope?.self.send({ type });
  }

  override transition(...[snapshot, event, scope]: Parameters<AnyStateMachine['transition']>) {
    const next = super.transition(snapshot, event, scope);
    if (next.status !== 'active') clearTimers(scope.self);
    return next;
  }

  override provide(implementations: Parameters<AnyStateMachine['provide']>[0]): AnyStateMachine {
    const provided = super.provide(implementations);
    return new InputRestoringMachine(provided.config, provided.implementations);
  }
}

/**
 * XState restores a snapshot without running the context factory or re-arming timers. This machine class
 * (kept by `provide`) takes `settings` and the refresh JWT from the actor's `input` when it restores, so a
 * persisted snapshot never has to carry them, and lets its clock check the restored deadlines once it starts.
 * A transition that stops, ends or fails the actor clears the timers its clock armed.
 */
export function restoringFromInput<T extends AnyStateMachine>(machine: T): T {
  return new InputRestoringMachine(machine.config, machine.implementations) as T;
}
