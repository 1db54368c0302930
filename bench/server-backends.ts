import { fork } from 'node:child_process';
import type { CpuProfile } from './profile-summary.ts';
import type {
  BackendCall,
  BackendConfig,
  BackendFeatures,
  BackendKind,
  BackendReply,
  BackendUsage,
} from './server-config.ts';
import { root } from './size.ts';

/** A backend running in its own Node process, on its own loopback port. */
export interface BackendProcess {
  kind: BackendKind;
  /** Its origin, `http://127.0.0.1:<port>`, which is also the app's origin that clients send. */
  url: string;
  features: BackendFeatures | null;
  /** Starts counting its CPU time from now. */
  mark(): Promise<void>;
  /** Its CPU time since the last `mark` and its memory now. */
  usage(): Promise<BackendUsage>;
  profileStart(intervalUs: number): Promise<void>;
  profileStop(): Promise<CpuProfile>;
  close(): Promise<void>;
}

type Call = BackendCall extends infer C ? (C extends BackendCall ? Omit<C, 'id'> : never) : never;

/** Starts the backend that `config` describes in a child process under tsx. */
export function startBackend(config: BackendConfig, execArgv: string[] = []): Promise<BackendProcess> {
  const child = fork(new URL('server-backend.ts', import.meta.url), [], {
    cwd: root,
    execArgv: ['--import', 'tsx', ...execArgv],
    env: { ...process.env, BENCH_BACKEND: JSON.stringify(config) },
    serialization: 'advanced',
  });
  const pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let exit: Error | undefined;
  const call = <T>(message: Call) =>
    new Promise<T>((resolve, reject) => {
      if (exit) return reject(exit);
      const id = nextId++;
      pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      child.send({ ...message, id } as BackendCall);
    });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (status) => {
      exit = new Error(`The ${config.kind} backend exited with ${status}`);
      for (const waiting of pending.values()) waiting.reject(exit);
      pending.clear();
      reject(exit);
    });
    child.on('message', (message: BackendReply) => {
      if (message.type === 'result') {
        pending.get(message.id)?.resolve(message.result);
        pending.delete(message.id);
        return;
      }
      resolve({
        kind: config.kind,
        url: message.url,
        features: message.features,
        mark: () => call({ type: 'mark' }),
        usage: () => call({ type: 'usage' }),
        profileStart: (intervalUs) => call({ type: 'profileStart', intervalUs }),
        profileStop: () => call({ type: 'profileStop' }),
        close: async () => {
          if (exit) return;
          const exited = new Promise((done) => child.once('exit', done));
          await call({ type: 'close' });
          await exited;
        },
      });
    });
  });
}
