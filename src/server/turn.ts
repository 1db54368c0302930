const schedule: (run: () => void) => unknown =
  // Stryker disable next-line all: the fallback of runtimes without setImmediate; the tests run in Node
  typeof globalThis.setImmediate === 'function' ? globalThis.setImmediate : (run) => setTimeout(run, 0);

/**
 * Resolves on the event loop's next turn, once the I/O it has waiting is read. A step waits for it before its
 * first store call, so that requests arriving together are read together and their store and Descope calls
 * leave together: under load, one wake-up of each peer serves many steps.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => void schedule(resolve));
