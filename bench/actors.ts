import { type AnyActorRef, fromPromise, type SnapshotFrom, toPromise } from 'xstate';
import { type OtpSession, otpMachine, type VerifyCodeInput } from '../src/index.ts';

/** The OTP machine with a send and a verify that answer at once: no I/O. */
export const quietMachine = otpMachine.provide({
  actors: {
    sendCode: fromPromise(async () => ({})),
    verifyCode: fromPromise<OtpSession, VerifyCodeInput>(async () => ({
      sessionJwt: 'header.payload.signature',
      firstSeen: false,
      user: {},
    })),
  },
});

/** A valid input that never reaches the network when used with `quietMachine`. */
export const quietInput = { projectId: 'P2aAc4T2V93bddihGEx2Ryhc8e5Z', channel: 'email' } as const;

/** Resolves with the first snapshot of `actor` that satisfies `predicate`. */
export function reach<TActor extends AnyActorRef>(
  actor: TActor,
  predicate: (snapshot: SnapshotFrom<TActor>) => boolean,
): Promise<SnapshotFrom<TActor>> {
  const current = actor.getSnapshot() as SnapshotFrom<TActor>;
  if (predicate(current)) return Promise.resolve(current);
  return new Promise((resolve, reject) => {
    const subscription = actor.subscribe({
      next: (snapshot: SnapshotFrom<TActor>) => {
        if (!predicate(snapshot)) return;
        subscription.unsubscribe();
        resolve(snapshot);
      },
      error: reject,
    });
  });
}

/** An actor whose events include `SEND` and `SUBMIT_CODE` and whose states include `sending` and `awaitingCode`. */
type FlowActor = AnyActorRef & { getSnapshot(): { matches(state: string): boolean } };

/**
 * Drives a started flow actor as an app does: `SEND`, wait for the send to end, `SUBMIT_CODE` with the code
 * `codeFor` delivers, wait for the actor to finish. Throws when the send fails. Resolves with the output.
 */
export async function driveFlow(
  actor: FlowActor,
  loginId: string,
  codeFor: (loginId: string) => string | Promise<string>,
) {
  actor.send({ type: 'SEND', loginId });
  const sent = await reach(actor, (snapshot) => !snapshot.matches('sending'));
  if (!sent.matches('awaitingCode')) throw new Error(`The send of ${loginId} failed`);
  actor.send({ type: 'SUBMIT_CODE', code: await codeFor(loginId) });
  return (await toPromise(actor)) as unknown;
}

/** The median of `values`. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The `fraction` quantile of `values` (nearest rank). */
export function quantile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}
