import { clearLine, cursorTo, type Interface } from 'node:readline';

/** Prints lines above a readline prompt without mangling what the user is typing. */
export class Terminal {
  readonly #out: NodeJS.WritableStream;
  #rl: Interface | null = null;
  #prompt: string | null = null;

  constructor(out: NodeJS.WritableStream) {
    this.#out = out;
  }

  attach(rl: Interface): void {
    this.#rl = rl;
  }

  detach(): void {
    if (this.#prompt !== null) this.#clear();
    this.#rl = null;
    this.#prompt = null;
  }

  readonly print = (line: string): void => {
    if (!this.#rl || this.#prompt === null) {
      this.#out.write(`${line}\n`);
      return;
    }
    this.#clear();
    this.#out.write(`${line}\n`);
    this.#rl.prompt(true);
  };

  /** Shows `prompt`, or refreshes it in place (keeping the typed text) when it changed. */
  ask(prompt: string): void {
    if (!this.#rl || prompt === this.#prompt) return;
    const showing = this.#prompt !== null;
    this.#prompt = prompt;
    this.#rl.setPrompt(prompt);
    this.#rl.prompt(showing);
  }

  /** Forgets the prompt: after Enter, or while a request runs. */
  hide(): void {
    if (this.#prompt === null) return;
    this.#clear();
    this.#prompt = null;
    this.#rl?.setPrompt('');
  }

  #clear(): void {
    cursorTo(this.#out, 0);
    clearLine(this.#out, 0);
  }
}
