import type { Snapshot } from 'xstate';
import type { OtpContext } from '../../machines/otp.types.ts';
import { statePath } from '../../machines/state-path.ts';
import { nowOf } from '../../machines/time.ts';
import { flowFormat, flowVersion, type PersistedFlow } from './format.ts';
import { isFlowState, parsePersistedFlow } from './parse.ts';
import { persistedContext, restoredSnapshot } from './snapshot.ts';

export {
  FlowRestoreError,
  type FlowRestoreReason,
  type PersistedFlow,
  type PersistedFlowContext,
  type PersistedFlowState,
} from './format.ts';

/** The snapshot fields `persistFlow` reads: any `otpMachine` snapshot fits. */
export interface FlowSnapshotLike {
  value: unknown;
  context: OtpContext;
}

/** An `otpMachine` actor, or anything with its `getSnapshot()` (and `clock`, for the actor's clock). */
export interface FlowActorLike {
  getSnapshot(): FlowSnapshotLike;
  clock?: unknown;
}

const isActor = (source: FlowActorLike | FlowSnapshotLike): source is FlowActorLike =>
  typeof (source as FlowActorLike).getSnapshot === 'function';

/**
 * Captures a flow, in any state, as a small JSON-safe object to keep between page loads or requests.
 * It holds no code, no token, no refresh JWT and no settings: pass the flow's `input` again on restore.
 * A finished flow keeps its state but not its session.
 * Deadlines (`resendAvailableAt`, `codeExpiresAt`) and `savedAt` are epoch ms on the actor's clock.
 *
 * @example
 * localStorage.setItem('otp-flow', JSON.stringify(persistFlow(actor)));
 */
export function persistFlow(source: FlowActorLike | FlowSnapshotLike): PersistedFlow {
  const snapshot = isActor(source) ? source.getSnapshot() : source;
  const state = statePath(snapshot.value);
  if (!isFlowState(state)) throw new Error('persistFlow: not an otpMachine flow');
  return {
    format: flowFormat,
    version: flowVersion,
    state,
    context: persistedContext(snapshot.context),
    savedAt: nowOf(isActor(source) ? source : undefined),
  };
}

/**
 * Turns a persisted flow back into a snapshot to start an actor from. Pass the same `input` as before:
 * the machine takes its settings and the refresh JWT from `input` on restore.
 *
 * - A flow persisted while a request was in flight resumes in a state that sends nothing by itself:
 *   a first send resumes in `idle` with its login ID kept; a resend, and a verify, resume in
 *   `awaitingCode` (the code sent before is still valid server-side; the user submits it again).
 * - Cooldown and expiry deadlines are absolute times: their timers restart from them on the new
 *   actor's clock, so a cooldown still running keeps running and a passed deadline takes effect at once.
 * - A persisted `authenticated` flow restores as done, without output.
 *
 * @throws {FlowRestoreError} for anything that is not a persisted flow of this version and its states.
 * @example
 * const actor = createActor(otpMachine, { input, snapshot: restoreFlow(JSON.parse(saved)) }).start();
 */
export function restoreFlow(persisted: unknown): Snapshot<unknown> {
  return restoredSnapshot(parsePersistedFlow(persisted));
}
