import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { onTestFinished } from 'vitest';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const entry = 'src/cli/main.ts';
export const jwtPattern = /eyJ[\w-]{8,}\.[\w-]{8,}/;

/** The environment of a run: never a real project. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TERM: 'xterm', ...extra };
  for (const name of ['DESCOPE_PROJECT_ID', 'DESCOPE_BASE_URL', 'DESCOPE_REFRESH_JWT']) {
    if (!(name in extra)) delete env[name];
  }
  return env;
}

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** A running program whose output can be awaited line by line. */
export class Run {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<number>;
  #waiters = new Set<() => void>();

  constructor(child: ChildProcess) {
    this.child = child;
    const collect = (chunk: Buffer) => {
      this.output += stripVTControlCharacters(chunk.toString('utf8')).replaceAll('\r', '');
      for (const wake of this.#waiters) wake();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) =>
      child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : -1))),
    );
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
  }

  /** Resolves with the first match of `pattern` in the output after `from`, or fails after `timeoutMs`. */
  waitFor(
    pattern: RegExp,
    { from = 0, timeoutMs = 15_000 } = {},
  ): Promise<RegExpMatchArray & { end: number }> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this.output.slice(from).match(pattern);
        if (!match) return false;
        cleanup();
        resolve(Object.assign(match, { end: from + (match.index ?? 0) + match[0].length }));
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Timed out waiting for ${pattern}. Output so far:\n${this.output}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
      };
      const wake = () => void check();
      this.#waiters.add(wake);
      check();
    });
  }

  /** Types a line, as if followed by Enter. */
  type(text: string): void {
    this.child.stdin?.write(`${text}\r`);
  }

  /** Sends raw bytes (for example `\x03`, Ctrl-C). */
  press(bytes: string): void {
    this.child.stdin?.write(bytes);
  }
}

/** Runs the program with pipes (no terminal); `stdin: 'ignore'` reads /dev/null. */
export function runPiped(
  args: string[],
  options: { stdin?: 'pipe' | 'ignore'; env?: Record<string, string> } = {},
) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: root,
    env: cliEnv(options.env),
    stdio: [options.stdin ?? 'pipe', 'pipe', 'pipe'],
  });
  return new Run(child);
}

/** Runs the program in a pseudo-terminal (util-linux `script`), so stdin is a TTY. */
export function runInTerminal(args: string[], env: Record<string, string> = {}) {
  const command = [process.execPath, '--import', 'tsx', entry, ...args].map(shellQuote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: root,
    env: { ...cliEnv(env), COLUMNS: '200', LINES: '50' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new Run(child);
}

/** The newest code the embedded test server printed, with its channel. */
export function deliveries(output: string): { channel: string; code: string }[] {
  return [...output.matchAll(/📨 \[test server\] code for \S+ by (\w+): (\d+)/g)].map((match) => ({
    channel: match[1]!,
    code: match[2]!,
  }));
}
