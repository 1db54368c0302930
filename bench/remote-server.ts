import { fork } from 'node:child_process';
import type { FaultSpec, RecordedRequest } from '../src/testing/index.ts';
import { root } from './size.ts';

/** A call from the bench to the test server in its child process. */
export interface ServerCall {
  id: number;
  method: 'fault' | 'clearFaults' | 'requests' | 'requestCount' | 'close';
  args?: unknown;
}

/** A message from the child process: started, a code it delivered, or the result of a call. */
export type ServerReply =
  | { type: 'ready'; url: string; projectId: string }
  | { type: 'code'; loginId: string; code: string }
  | { type: 'result'; id: number; result: unknown };

/**
 * The project's test server running in a child process, so that `process.cpuUsage()` in the bench counts the
 * client's work alone. Codes it delivers come back over IPC.
 */
export interface RemoteServer {
  url: string;
  projectId: string;
  /** The next code delivered for `loginId` that was not taken yet. */
  code(loginId: string): Promise<string>;
  /** The requests the server received from index `from` on. */
  requests(from?: number): Promise<RecordedRequest[]>;
  requestCount(): Promise<number>;
  fault(spec: FaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the test server in a child process under tsx. */
export function startRemoteServer(): Promise<RemoteServer> {
  const child = fork(new URL('child-server.ts', import.meta.url), [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
  });
  const delivered = new Map<string, string[]>();
  const waiting = new Map<string, (code: string) => void>();
  const pending = new Map<number, (result: unknown) => void>();
  let nextId = 0;
  const call = <T>(method: ServerCall['method'], args?: unknown) =>
    new Promise<T>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve as (result: unknown) => void);
      child.send({ id, method, args } satisfies ServerCall);
    });
  const code = (loginId: string) =>
    new Promise<string>((resolve) => {
      const queued = delivered.get(loginId)?.shift();
      if (queued !== undefined) resolve(queued);
      else waiting.set(loginId, resolve);
    });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (status) => reject(new Error(`The test server exited with ${status}`)));
    child.on('message', (message: ServerReply) => {
      if (message.type === 'code') {
        const waiter = waiting.get(message.loginId);
        waiting.delete(message.loginId);
        if (waiter) waiter(message.code);
        else delivered.set(message.loginId, [...(delivered.get(message.loginId) ?? []), message.code]);
      } else if (message.type === 'result') {
        pending.get(message.id)?.(message.result);
        pending.delete(message.id);
      } else {
        resolve({
          url: message.url,
          projectId: message.projectId,
          code,
          requests: (from = 0) => call('requests', from),
          requestCount: () => call('requestCount'),
          fault: (spec) => call('fault', spec),
          clearFaults: () => call('clearFaults'),
          close: async () => {
            const exited = new Promise((done) => child.once('exit', done));
            await call('close');
            await exited;
          },
        });
      }
    });
  });
}
