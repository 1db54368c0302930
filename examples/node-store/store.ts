import type { PersistedFlow } from '../../src/index.ts';

/**
 * Where flows wait between two requests, keyed by flow ID. Back it with Redis, a database table or a
 * session store: values are small JSON objects that hold no code, no token and no refresh JWT.
 * `get` returns what was stored as untrusted data: `restoreFlow` checks it.
 */
export interface FlowStore {
  get(id: string): Promise<unknown>;
  set(id: string, persisted: PersistedFlow): Promise<void>;
  delete(id: string): Promise<void>;
}

/** A `FlowStore` in this process's memory, kept as JSON text like an external store would. */
export class MemoryFlowStore implements FlowStore {
  readonly #flows = new Map<string, string>();

  async get(id: string): Promise<unknown> {
    const text = this.#flows.get(id);
    return text === undefined ? undefined : JSON.parse(text);
  }

  async set(id: string, persisted: PersistedFlow): Promise<void> {
    this.#flows.set(id, JSON.stringify(persisted));
  }

  async delete(id: string): Promise<void> {
    this.#flows.delete(id);
  }

  /** How many flows are waiting. */
  get size(): number {
    return this.#flows.size;
  }
}
