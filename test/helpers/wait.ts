/** One turn of the event loop: every settled promise and pending I/O callback runs first. */
export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Options of `until`. */
export interface UntilOptions {
  /** Fail after this long, in real milliseconds. @default 5000 */
  timeoutMs?: number;
  /** What the test waits for, named in the failure. @default 'the condition' */
  label?: string;
}

/**
 * Resolves once `check()` holds, checking after each turn of the event loop and then every 2 ms; rejects
 * after `timeoutMs` naming `label`. For HTTP and I/O only: machine timers run on a `SimulatedClock`.
 */
export async function until(
  check: () => boolean,
  { timeoutMs = 5_000, label = 'the condition' }: UntilOptions = {},
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (let round = 0; !check(); round += 1) {
    if (performance.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${label}`);
    await (round < 50 ? tick() : new Promise((resolve) => setTimeout(resolve, 2)));
  }
}
