import { type AnyActorRef, fromPromise, type PromiseActorLogic } from 'xstate';

/** What the function of a request actor receives. */
export interface RequestScope<TInput> {
  input: TInput;
  /** Aborted when the actor stops and when the request runs longer than its timeout. */
  signal: AbortSignal;
}

const stoppers = new WeakMap<AnyActorRef, () => void>();

/**
 * A promise actor for one HTTP request: XState's `fromPromise`, but one `AbortController` serves both the
 * actor's stop and the request timeout `timeoutMs(input)`, whose timer ends with the request or the actor.
 */
export function fromRequest<TOutput, TInput>(
  run: (scope: RequestScope<TInput>) => Promise<TOutput>,
  timeoutMs: (input: TInput) => number,
): PromiseActorLogic<TOutput, TInput> {
  const logic = fromPromise(run as (scope: { input: TInput }) => Promise<TOutput>);
  return {
    ...logic,
    transition: (snapshot, event, scope) => {
      if (event.type === 'xstate.stop' && snapshot.status === 'active') stoppers.get(scope.self)?.();
      return logic.transition(snapshot, event, scope);
    },
    start: (snapshot, { self }) => {
      if (snapshot.status !== 'active') return;
      const input = snapshot.input as TInput;
      const controller = new AbortController();
      const timer = setTimeout(
        () => controller.abort(new DOMException('The request timed out', 'TimeoutError')),
        timeoutMs(input),
      );
      stoppers.set(self, () => {
        clearTimeout(timer);
        controller.abort();
      });
      const settle = (type: string) => (data: unknown) => {
        clearTimeout(timer);
        if (self.getSnapshot().status === 'active') self.send({ type: `xstate.promise.${type}`, data });
      };
      run({ input, signal: controller.signal }).then(settle('resolve'), settle('reject'));
    },
  };
}
