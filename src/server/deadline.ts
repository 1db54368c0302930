/** `promise`, or a rejection once `ms` have passed; the timer is cleared either way. */
export function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The longest the limits may take in one step before it answers `storeUnavailable`. */
export const limitsTimeoutMs = 5_000;
/** The longest `verifyHuman` may take before the step answers `botCheckFailed`. */
export const humanTimeoutMs = 10_000;
