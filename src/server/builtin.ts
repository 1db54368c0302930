type Runtime = { process?: { getBuiltinModule?: (id: string) => unknown } };

/** A Node built-in module where the runtime gives one through `process.getBuiltinModule` (Node 20.16 and later). */
export const builtinModule = <T>(id: string): T | undefined =>
  (globalThis as Runtime).process?.getBuiltinModule?.(id) as T | undefined;
