import { type ErrorBody, rateLimitBody } from './errors.ts';
import type { FaultSpec } from './types.ts';

interface QueuedFault {
  spec: FaultSpec;
  left: number;
}

const matches = (pattern: FaultSpec['path'], path: string): boolean => {
  if (pattern === undefined) return true;
  if (typeof pattern === 'string')
    return path === pattern || path.startsWith(`${pattern.replace(/\/$/, '')}/`);
  pattern.lastIndex = 0;
  return pattern.test(path);
};

export class FaultQueue {
  private queue: QueuedFault[] = [];

  add(spec: FaultSpec): void {
    const left = spec.times ?? 1;
    if (!(left > 0)) throw new RangeError(`fault times must be positive, got ${left}`);
    this.queue.push({ spec: { ...spec }, left });
  }

  clear(): void {
    this.queue = [];
  }

  take(path: string): FaultSpec | undefined {
    const index = this.queue.findIndex((fault) => matches(fault.spec.path, path));
    const fault = this.queue[index];
    if (!fault) return undefined;
    fault.left -= 1;
    if (fault.left <= 0) this.queue.splice(index, 1);
    return fault.spec;
  }
}

export const faultBody = (fault: FaultSpec): ErrorBody => {
  const base = fault.status === 429 ? rateLimitBody : undefined;
  return {
    errorCode: fault.errorCode ?? base?.errorCode ?? 'E000000',
    errorDescription: fault.errorDescription ?? base?.errorDescription ?? 'Injected fault',
    errorMessage: base?.errorMessage ?? 'Injected fault',
  };
};
