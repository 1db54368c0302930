import type { AnyActorScope, AnyStateMachine, Snapshot } from 'xstate';
import { resolveRefreshJwt, resolveSettings } from './context.ts';
import type { OtpContext, OtpInput } from './otp.types.ts';
import { SecretValue } from './secret.ts';

function inputOf(scope: AnyActorScope): Partial<OtpInput> | undefined {
  return (scope.self as { options?: { input?: Partial<OtpInput> } }).options?.input;
}

export function restoredContext(
  context: Partial<OtpContext> | undefined,
  input: Partial<OtpInput> | undefined,
): Partial<OtpContext> {
  const given = context ?? {};
  if (input !== undefined) {
    const settings = resolveSettings(input);
    return { ...given, settings, operation: settings.operation, refreshJwt: resolveRefreshJwt(input) };
  }
  return {
    ...given,
    settings: given.settings ?? resolveSettings(undefined),
    refreshJwt: given.refreshJwt instanceof SecretValue ? given.refreshJwt : null,
  };
}

/**
 * XState restores a snapshot without running the context factory: this makes the machine (and every
 * `provide` of it) take `settings` and `refreshJwt` from the actor's `input` on restore, so a persisted
 * snapshot never has to carry them.
 */
export function withInputOnRestore<T extends AnyStateMachine>(machine: T): T {
  const restoreSnapshot = machine.restoreSnapshot.bind(machine);
  const provide = machine.provide.bind(machine);
  machine.restoreSnapshot = (snapshot: Snapshot<unknown>, scope: AnyActorScope) => {
    const { context } = snapshot as { context?: Partial<OtpContext> };
    const restored = { ...snapshot, context: restoredContext(context, inputOf(scope)) };
    return restoreSnapshot(restored as Snapshot<unknown>, scope);
  };
  machine.provide = (implementations: Parameters<T['provide']>[0]) =>
    withInputOnRestore(provide(implementations));
  return machine;
}
