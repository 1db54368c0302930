import { randomUUID } from 'node:crypto';
import { type Actor, createActor, waitFor } from 'xstate';
import {
  FlowRestoreError,
  failureMessage,
  type OtpFailure,
  type OtpInput,
  otpMachine,
  persistFlow,
  restoreFlow,
} from '../../src/index.ts';
import type { FlowStore } from './store.ts';

/** What a route answers: an HTTP status, a JSON body and, after a sign-in, a cookie. */
export interface Reply {
  status: number;
  body: Record<string, unknown>;
  refreshJwt?: string;
}

export interface OtpFlowsOptions {
  /** The flow input, the same for every request (it may hold a `refreshJwt`: it is never stored). */
  input: OtpInput;
  store: FlowStore;
  /** @default crypto.randomUUID */
  newFlowId?: () => string;
}

type FlowActor = Actor<typeof otpMachine>;

const statusOf: Partial<Record<OtpFailure['kind'], number>> = {
  invalidInput: 400,
  wrongCode: 401,
  codeExpired: 410,
  tooManyAttempts: 403,
  userNotFound: 404,
  userAlreadyExists: 409,
  conflict: 409,
  rateLimited: 429,
  unauthorized: 401,
  timeout: 504,
};

const failed = (failure: OtpFailure | null, extra: Record<string, unknown> = {}): Reply => ({
  status: failure ? (statusOf[failure.kind] ?? 502) : 500,
  body: { ...extra, error: failure && { kind: failure.kind, message: failureMessage(failure) } },
});

const settled = (actor: FlowActor) =>
  waitFor(actor, (snapshot) => !snapshot.matches('sending') && !snapshot.matches('verifying'));

/** The two steps of a sign-in, each in its own request, with the flow kept in `store` in between. */
export function createOtpFlows({ input, store, newFlowId = randomUUID }: OtpFlowsOptions) {
  async function start(loginId: string): Promise<Reply> {
    const actor = createActor(otpMachine, { input }).start();
    actor.send({ type: 'SEND', loginId });
    const snapshot = await settled(actor);
    actor.stop();
    if (!snapshot.matches('awaitingCode')) return failed(snapshot.context.error);
    const flowId = newFlowId();
    await store.set(flowId, persistFlow(actor));
    const { maskedDestination, channel } = snapshot.context;
    return { status: 200, body: { flowId, maskedDestination, channel } };
  }

  async function verify(flowId: string, code: string): Promise<Reply> {
    const stored = await store.get(flowId);
    if (stored === undefined) return { status: 404, body: { error: { kind: 'unknownFlow' } } };
    let actor: FlowActor;
    try {
      actor = createActor(otpMachine, { input, snapshot: restoreFlow(stored) }).start();
    } catch (error) {
      if (!(error instanceof FlowRestoreError)) throw error;
      await store.delete(flowId);
      return { status: 404, body: { error: { kind: 'unknownFlow' } } };
    }
    actor.send({ type: 'SUBMIT_CODE', code });
    const snapshot = await settled(actor);
    actor.stop();
    if (snapshot.status === 'done' && snapshot.output) {
      await store.delete(flowId);
      const { sessionJwt, sessionExpiration, user, refreshJwt } = snapshot.output;
      return {
        status: 200,
        body: { status: 'authenticated', sessionJwt, sessionExpiration, user },
        refreshJwt,
      };
    }
    if (snapshot.matches('failed')) {
      await store.delete(flowId);
      return failed(snapshot.context.error, { status: 'failed' });
    }
    await store.set(flowId, persistFlow(actor));
    const { attemptsLeft = null } = snapshot.context;
    return failed(snapshot.context.error, { status: 'awaitingCode', attemptsLeft });
  }

  return { start, verify };
}
