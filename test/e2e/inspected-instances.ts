import { type ChildProcess, fork } from 'node:child_process';
import type { FlowStep } from '../../src/server/index.ts';

/** A server instance in its own Node process, running `createOtpFlows` on Redis and streaming to an inspector. */
export interface InspectedInstance {
  call(step: 'start' | 'resend' | 'submitCode', ...args: unknown[]): Promise<FlowStep>;
  stop(): Promise<void>;
}

export interface InspectedInstanceOptions {
  redisUrl: string;
  descope: { url: string; projectId: string };
  inspectUrl: string;
  instance?: string;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export async function startInspectedInstance(options: InspectedInstanceOptions): Promise<InspectedInstance> {
  const child = fork('test/e2e/inspected-instance.ts', [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      REDIS_URL: options.redisUrl,
      DESCOPE_URL: options.descope.url,
      DESCOPE_PROJECT_ID: options.descope.projectId,
      INSPECT_URL: options.inspectUrl,
      INSTANCE: options.instance ?? '',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => children.delete(child));
  const pending = new Map<number, (result: unknown) => void>();
  child.on('message', ({ id, result }: { id: number; result: unknown }) => {
    pending.get(id)?.(result);
    pending.delete(id);
  });
  await new Promise<void>((resolve, reject) => {
    pending.set(0, () => resolve());
    child.once('exit', (code) => reject(new Error(`instance exited (${code}) before it was ready`)));
  });
  let next = 1;
  return {
    call(step, ...args) {
      const id = next++;
      return new Promise((resolve) => {
        pending.set(id, (result) => resolve(result as FlowStep));
        child.send({ id, step, args });
      });
    },
    async stop() {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
}
