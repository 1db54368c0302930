import type { OtpViewData } from 'descope-otp-machine';

interface FlowActor {
  subscribe(observer: () => void): { unsubscribe(): void };
}

/** Whether this browser can read an SMS code with the WebOTP API. */
export const hasWebOtp = (): boolean =>
  typeof window !== 'undefined' &&
  'OTPCredential' in window &&
  typeof navigator.credentials?.get === 'function';

const requestKey = (view: OtpViewData): number | null =>
  view.status === 'awaitingCode' && !view.codeExpired && view.channel === 'sms' ? view.codeKey : null;

/**
 * Progressive enhancement: while a code sent by SMS is awaited, asks the browser for it (WebOTP) and
 * hands it to `onCode`. The request is aborted as soon as the flow leaves that state. Returns a stop function.
 */
export function watchWebOtp(
  actor: FlowActor,
  currentView: () => OtpViewData,
  onCode: (code: string) => void,
): () => void {
  if (!hasWebOtp()) return () => {};
  let pending: { key: number; controller: AbortController } | null = null;
  const update = () => {
    const key = requestKey(currentView());
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
  update();
  return () => {
    subscription.unsubscribe();
    pending?.controller.abort();
  };
}
