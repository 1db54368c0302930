import { Session } from 'node:inspector/promises';
import { createActor } from 'xstate';
import { type OtpSession, otpMachine } from '../src/index.ts';
import { driveFlow } from './actors.ts';
import type { BenchServer } from './direct.ts';
import { type FlowKind, flowKinds, inputFor } from './flow.ts';

/** What one flow makes beside its two requests, averaged over the flows counted. */
export interface FlowCounts {
  /** Child actors the machine starts per flow (promise and timer actors). */
  childActorsPerFlow: number;
  /** `new AbortController()` per flow, the platform's own (inside `fetch`) included. */
  abortControllersPerFlow: number;
  /** Abort signals made per flow: controllers plus `AbortSignal.any`, `.timeout` and `.abort`. */
  abortSignalsPerFlow: number;
}

type SignalFactory = 'any' | 'timeout' | 'abort';
const factories: SignalFactory[] = ['any', 'timeout', 'abort'];

async function countSignals(run: () => Promise<void>) {
  const Original = globalThis.AbortController;
  const originals = factories.map((name) => AbortSignal[name]);
  let controllers = 0;
  let signals = 0;
  globalThis.AbortController = class extends Original {
    constructor() {
      super();
      controllers++;
    }
  };
  factories.forEach((name, index) => {
    const original = originals[index] as (...args: never[]) => AbortSignal;
    Object.defineProperty(AbortSignal, name, {
      configurable: true,
      writable: true,
      value: (...args: never[]) => {
        signals++;
        return original.apply(AbortSignal, args);
      },
    });
  });
  try {
    await run();
  } finally {
    globalThis.AbortController = Original;
    factories.forEach((name, index) => {
      Object.defineProperty(AbortSignal, name, {
        configurable: true,
        writable: true,
        value: originals[index],
      });
    });
  }
  return { controllers, signals: controllers + signals };
}

const loginIdOf = (index: number) => `counted${index}@example.com`;

/** Counts the child actors and abort signals of `flows` machine flows against `server`. */
export async function countPerFlow(server: BenchServer, flows = 50): Promise<FlowCounts> {
  let actors = 0;
  const { controllers, signals } = await countSignals(async () => {
    for (let index = 0; index < flows; index++) {
      const actor = createActor(otpMachine, {
        input: inputFor(server),
        inspect: (event) => {
          if (event.type === '@xstate.actor') actors++;
        },
      }).start();
      const session = (await driveFlow(actor, loginIdOf(index), (id) => server.code(id))) as OtpSession;
      if (!session.sessionJwt) throw new Error('A counted flow did not authenticate');
    }
  });
  return {
    childActorsPerFlow: actors / flows - 1,
    abortControllersPerFlow: controllers / flows,
    abortSignalsPerFlow: signals / flows,
  };
}

interface SampledNode {
  selfSize: number;
  children: SampledNode[];
}

const totalOf = (node: SampledNode): number =>
  node.children.reduce((sum, child) => sum + totalOf(child), node.selfSize);

/**
 * Bytes the client allocates per flow of `kind` (collected objects included), estimated by V8's sampling heap
 * profiler over `flows` flows.
 */
export async function allocatedBytesPerFlow(
  server: BenchServer,
  kind: FlowKind,
  flows = 200,
): Promise<number> {
  for (let index = 0; index < 20; index++) await flowKinds[kind](server, `warm-${kind}${index}@example.com`);
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 512,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    for (let index = 0; index < flows; index++) {
      await flowKinds[kind](server, `sampled-${kind}${index}@example.com`);
    }
    const { profile } = await session.post('HeapProfiler.stopSampling');
    return totalOf(profile.head as SampledNode) / flows;
  } finally {
    session.disconnect();
  }
}
