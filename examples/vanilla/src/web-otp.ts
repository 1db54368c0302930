import type { OtpContext } from 'descope-otp-machine';

interface FlowSnapshot {
  context: OtpContext;
  matches(state: { awaitingCode: 'valid' }): boolean;
}

interface FlowActor {
  getSnapshot(): FlowSnapshot;
  subscribe(observer: (snapshot: FlowSnapshot) => void): { unsubscribe(): void };
}

/** Whether this browser can read an SMS code with the WebOTP API. */
export const hasWebOtp = (): boolean =>
  typeof window !== 'undefined' &&
  'OTPCredential' in window &&
  typeof navigator.credentials?.get === 'function';

const requestKey = (snapshot: FlowSnapshot): string | null =>
  snapshot.matches({ awaitingCode: 'valid' }) && snapshot.context.channel === 'sms'
    ? String(snapshot.context.generation)
    : null;

/**
 * Progressive enhancement: while a code sent by SMS is awaited, asks the browser for it (WebOTP) and
 * hands it to `onCode`. The request is aborted as soon as the flow leaves that state. Returns a stop function.
 */
export function watchWebOtp(actor: FlowActor, onCode: (code: string) => void): () => void {
  if (!hasWebOtp()) return () => {};
  let pending: { key: string; controller: AbortController } | null = null;
  const update = (snapshot: FlowSnapshot) => {
    const key = requestKey(snapshot);
    if (pending && pending.key !== key) {
      pending.controller.abort();
      pending = null;
    }
    if (key === null || pending) return;
    const controller = new AbortController();
    const { signal } = controller;
    pending = { key, controller };
    const options = { otp: { transport: ['sms'] }, signal } as CredentialRequestOptions;
    navigator.credentials
      .get(options)
      .then((credential) => {
        const code = (credential as { code?: unknown } | null)?.code;
        if (!signal.aborted && typeof code === 'string') onCode(code);
      })
      .catch(() => {});
  };
  const subscription = actor.subscribe(update);
  update(actor.getSnapshot());
  return () => {
    subscription.unsubscribe();
    pending?.controller.abort();
  };
}
