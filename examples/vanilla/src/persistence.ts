import { FlowRestoreError, persistFlow, restoreFlow } from 'descope-otp-machine';
import type { AnyActorRef, Snapshot } from 'xstate';

/** The `sessionStorage` key of the flow kept across reloads (no code, no token). */
export const flowStorageKey = 'descope-otp-flow';

/** The flow kept by an earlier page load, or undefined (garbage is dropped). */
export function restoredFlow(): Snapshot<unknown> | undefined {
  const saved = sessionStorage.getItem(flowStorageKey);
  if (saved === null) return undefined;
  try {
    return restoreFlow(JSON.parse(saved));
  } catch (error) {
    sessionStorage.removeItem(flowStorageKey);
    if (error instanceof FlowRestoreError || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** Keeps the actor's flow in `sessionStorage` until it is done. */
export function keepFlow(actor: AnyActorRef): void {
  actor.subscribe((snapshot) => {
    if (snapshot.status === 'done') sessionStorage.removeItem(flowStorageKey);
    else sessionStorage.setItem(flowStorageKey, JSON.stringify(persistFlow(actor)));
  });
}
