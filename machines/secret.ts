/** A holder for a secret string that serializes and prints as nothing (`util.inspect` never shows its private field). */
export class SecretValue {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The secret itself. */
  reveal(): string {
    return this.#value;
  }

  toJSON(): undefined {}

  toString(): string {
    return '[redacted]';
  }
}
