import { Session } from 'node:inspector/promises';
import { type FlowKind, flowKinds } from './flow.ts';
import {
  type CpuProfile,
  nameOf,
  type ProfileNode,
  packageOf,
  ranked,
  summarizeCpu,
} from './profile-summary.ts';
import { startRemoteServer } from './remote-server.ts';

const kind = (process.argv[2] ?? 'machine') as FlowKind;
const flows = Number(process.argv[3] ?? 2_000);
const top = Number(process.argv[4] ?? 15);
const heap = process.argv.includes('--heap');
if (!(kind in flowKinds)) throw new Error(`Unknown flow kind ${kind}`);

interface HeapNode {
  callFrame: ProfileNode['callFrame'];
  selfSize: number;
  children: HeapNode[];
}

async function record(): Promise<{ cpu?: CpuProfile; heap?: HeapNode }> {
  const server = await startRemoteServer();
  const session = new Session();
  session.connect();
  try {
    for (let index = 0; index < 200; index++) await flowKinds[kind](server, `warm${index}@example.com`);
    if (heap) {
      await session.post('HeapProfiler.enable');
      await session.post('HeapProfiler.startSampling', {
        samplingInterval: 512,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
    } else {
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 100 });
      await session.post('Profiler.start');
    }
    for (let index = 0; index < flows; index++) await flowKinds[kind](server, `profiled${index}@example.com`);
    if (heap) return { heap: (await session.post('HeapProfiler.stopSampling')).profile.head as HeapNode };
    return { cpu: (await session.post('Profiler.stop')).profile as CpuProfile };
  } finally {
    session.disconnect();
    await server.close();
  }
}

const cut = { top, count: flows, unit: 'flow' };

function summarizeHeap(head: HeapNode) {
  const self = new Map<string, number>();
  const packages = new Map<string, number>();
  let sum = 0;
  const walk = (node: HeapNode) => {
    const named = { id: 0, callFrame: node.callFrame };
    self.set(nameOf(named), (self.get(nameOf(named)) ?? 0) + node.selfSize);
    packages.set(packageOf(named), (packages.get(packageOf(named)) ?? 0) + node.selfSize);
    sum += node.selfSize;
    node.children.forEach(walk);
  };
  walk(head);
  console.log(
    `${kind}, ${flows} flows: ${Math.round(sum / flows)} bytes allocated per flow (perFlow in bytes)`,
  );
  console.log('allocated by function');
  console.table(ranked(self, sum, cut));
  console.log('allocated by package');
  console.table(ranked(packages, sum, cut));
}

const recorded = await record();
if (recorded.heap) summarizeHeap(recorded.heap);
if (recorded.cpu) summarizeCpu(recorded.cpu, `${kind}, ${flows} flows`, cut);
