const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/** A holder for a secret string that serializes, prints and inspects as nothing. */
export class SecretValue {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The secret itself. */
  reveal(): string {
    return this.#value;
  }

  toJSON(): undefined {
    return undefined;
  }

  toString(): string {
    return '[redacted]';
  }

  [inspectSymbol](): string {
    return 'SecretValue [redacted]';
  }
}
