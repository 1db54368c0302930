import { Session } from 'node:inspector/promises';
import { relative } from 'node:path';
import { type FlowKind, flowKinds } from './flow.ts';
import { startRemoteServer } from './remote-server.ts';
import { root } from './size.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

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

const place = (url: string) => {
  if (!url) return '';
  const path = url.startsWith('file://') ? relative(root, new URL(url).pathname) : url;
  return path.replace(/^.*node_modules\//, '');
};

const nameOf = ({ callFrame: { functionName, url, lineNumber } }: ProfileNode) =>
  `${functionName || '(anonymous)'} ${place(url)}${url ? `:${lineNumber + 1}` : ''}`.trim();

const packageOf = ({ callFrame: { url, functionName } }: ProfileNode) => {
  if (!url) return functionName;
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const inModules = url.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
  return inModules ? inModules[1]! : place(url).split('/')[0]!;
};

const ranked = (map: Map<string, number>, sum: number) =>
  Object.fromEntries(
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, amount]) => [
        name,
        { '%': Number(((100 * amount) / sum).toFixed(1)), perFlow: Math.round(amount / flows) },
      ]),
  );

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
  console.table(ranked(self, sum));
  console.log('allocated by package');
  console.table(ranked(packages, sum));
}

function summarize(profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const packages = new Map<string, number>();
  let sum = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') return;
    sum += delta;
    const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + delta);
    add(self, nameOf(node));
    add(packages, packageOf(node));
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = nameOf(byId.get(at)!);
      if (!seen.has(name)) add(total, name);
      seen.add(name);
    }
  });
  const table = (map: Map<string, number>) => ranked(map, sum);
  console.log(
    `${kind}, ${flows} flows: ${(sum / 1000).toFixed(0)} ms busy, ${(sum / flows).toFixed(0)} µs per flow`,
  );
  console.log('self time');
  console.table(table(self));
  console.log('self time by package');
  console.table(table(packages));
  console.log('total time');
  total.delete('(root)');
  console.table(table(total));
}

const recorded = await record();
if (recorded.heap) summarizeHeap(recorded.heap);
if (recorded.cpu) summarize(recorded.cpu);
