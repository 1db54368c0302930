import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem, type } from 'node:os';
import { allocatedBytesPerFlow, countPerFlow } from './counts.ts';
import {
  assertSameRequests,
  compareFlows,
  type FlowKind,
  requestsPerFlow,
  requestsPerResend,
} from './flow.ts';
import { startRemoteServer } from './remote-server.ts';
import { descopeSdk, fullApp, measureBundle, ownCode, ownEntry, root } from './size.ts';
import { throughput } from './throughput.ts';

const flows = Number(process.env.BENCH_FLOWS ?? 300);
const warmup = Number(process.env.BENCH_WARMUP ?? 60);
const latencyFlows = Number(process.env.BENCH_LATENCY_FLOWS ?? 120);
const latencyMs = 20;
const kinds: FlowKind[] = ['machine', 'sdk', 'fetch', 'ofetch', 'floor', 'bare'];
const latencyKinds: FlowKind[] = ['machine', 'sdk', 'fetch', 'ofetch'];

const same = (counts: number[]) => (counts.every((count) => count === counts[0]) ? counts[0]! : Number.NaN);
const round = (value: number, digits: number) => Number(value.toFixed(digits));
const rounded = (values: Partial<Record<FlowKind, number>>, digits: number) =>
  Object.fromEntries(Object.entries(values).map(([kind, value]) => [kind, round(value, digits)]));

function heapPerActor(): number {
  const output = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', 'bench/heap.ts', '10000'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  return (JSON.parse(output.trim().split('\n').at(-1)!) as { heapBytesPerActor: number }).heapBytesPerActor;
}

const loadBefore = loadavg()[0] ?? 0;
const server = await startRemoteServer();
let loopback: Awaited<ReturnType<typeof compareFlows>>;
let latency: Awaited<ReturnType<typeof compareFlows>>;
let counts: Awaited<ReturnType<typeof countPerFlow>>;
let machineBytes: number;
let sdkBytes: number;
let perFlow: number;
let perResend: number;
try {
  await assertSameRequests(server);
  loopback = await compareFlows(server, flows, warmup, kinds);
  counts = await countPerFlow(server);
  machineBytes = await allocatedBytesPerFlow(server, 'machine');
  sdkBytes = await allocatedBytesPerFlow(server, 'sdk');
  perFlow = same(await requestsPerFlow(server, 20));
  perResend = same(await requestsPerResend(server, 20));
  await server.fault({ kind: 'delay', delayMs: latencyMs, times: Number.POSITIVE_INFINITY });
  latency = await compareFlows(server, latencyFlows, 8, latencyKinds);
  await server.clearFaults();
} finally {
  await server.close();
}

const { eventsPerSecond, actorsPerSecond, quietFlowMs, quietFlowAfterIdleMs } = await throughput();
const heapBytesPerActor = heapPerActor();
const [own, entry, full, core, web] = await Promise.all([
  measureBundle(ownCode),
  measureBundle(ownEntry()),
  measureBundle(fullApp),
  measureBundle(descopeSdk('@descope/core-js-sdk')),
  measureBundle(descopeSdk('@descope/web-js-sdk')),
]);

const overSdk = ({ wallMsPerFlow, cpuUsPerFlow }: typeof loopback) => ({
  machineOverSdk: round(wallMsPerFlow.machine! / wallMsPerFlow.sdk!, 3),
  cpuMachineOverSdk: round(cpuUsPerFlow.machine! / cpuUsPerFlow.sdk!, 3),
});

const resultsUrl = new URL('results.json', import.meta.url);
const previous = (() => {
  try {
    return JSON.parse(readFileSync(resultsUrl, 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
})();

const cpuList = cpus();
const results = {
  date: new Date().toISOString(),
  machine: {
    os: `${type()} ${release()} (${platform()})`,
    cpu: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverage1mBefore: round(loadBefore, 2),
    loadAverage1mAfter: round(loadavg()[0] ?? 0, 2),
  },
  command: 'npm run bench',
  flows: loopback.flows,
  ...overSdk(loopback),
  wallMsPerFlow: rounded(loopback.wallMsPerFlow, 3),
  cpuUsPerFlow: rounded(loopback.cpuUsPerFlow, 0),
  withLatency: {
    serverLatencyMs: latencyMs,
    flows: latency.flows,
    ...overSdk(latency),
    wallMsPerFlow: rounded(latency.wallMsPerFlow, 3),
    cpuUsPerFlow: rounded(latency.cpuUsPerFlow, 0),
  },
  childActorsPerFlow: round(counts.childActorsPerFlow, 2),
  abortControllersPerFlow: round(counts.abortControllersPerFlow, 2),
  abortSignalsPerFlow: round(counts.abortSignalsPerFlow, 2),
  allocatedBytesPerFlow: Math.round(machineBytes),
  sdkAllocatedBytesPerFlow: Math.round(sdkBytes),
  requestsPerFlow: perFlow,
  requestsPerResend: perResend,
  eventsPerSecond: Math.round(eventsPerSecond),
  actorsPerSecond: Math.round(actorsPerSecond),
  quietFlowMs: round(quietFlowMs, 3),
  quietFlowAfterIdleMs: round(quietFlowAfterIdleMs, 3),
  heapBytesPerActor: Math.round(heapBytesPerActor),
  ownGzipBytes: own.gzipBytes,
  ownMinifiedBytes: own.minifiedBytes,
  ownEntryGzipBytes: entry.gzipBytes,
  fullGzipBytes: full.gzipBytes,
  fullMinifiedBytes: full.minifiedBytes,
  descopeCoreSdkGzipBytes: core.gzipBytes,
  descopeWebSdkGzipBytes: web.gzipBytes,
  ...('server' in previous ? { server: previous.server } : {}),
};

writeFileSync(resultsUrl, `${JSON.stringify(results, null, 2)}\n`);
const { machine } = results;
console.log(`${machine.cpu}, ${machine.cores} cores, ${machine.os}, Node ${machine.node}`);
console.log(
  `load average (1 min) ${machine.loadAverage1mBefore} before, ${machine.loadAverage1mAfter} after`,
);
console.table(
  Object.fromEntries(
    kinds.map((kind) => [
      kind,
      {
        'wall ms (median)': results.wallMsPerFlow[kind],
        'client CPU µs (mean)': results.cpuUsPerFlow[kind],
        [`wall ms, +${latencyMs} ms`]: results.withLatency.wallMsPerFlow[kind] ?? '',
        [`CPU µs, +${latencyMs} ms`]: results.withLatency.cpuUsPerFlow[kind] ?? '',
      },
    ]),
  ),
);
console.table({
  'machine ÷ SDK, wall (machineOverSdk)': results.machineOverSdk,
  'machine ÷ SDK, client CPU (cpuMachineOverSdk)': results.cpuMachineOverSdk,
  [`machine ÷ SDK, wall, server +${latencyMs} ms`]: results.withLatency.machineOverSdk,
  [`machine ÷ SDK, client CPU, server +${latencyMs} ms`]: results.withLatency.cpuMachineOverSdk,
  'child actors per flow': results.childActorsPerFlow,
  'AbortControllers per flow': results.abortControllersPerFlow,
  'abort signals per flow': results.abortSignalsPerFlow,
  'bytes allocated per flow, machine': results.allocatedBytesPerFlow,
  'bytes allocated per flow, SDK': results.sdkAllocatedBytesPerFlow,
  'requests per flow / per resend': `${perFlow} / ${perResend}`,
  'events per second (no I/O)': results.eventsPerSecond,
  'actors created and started per second': results.actorsPerSecond,
  'whole flow with instant services, ms': results.quietFlowMs,
  'the same after the process idled 1 ms, ms': results.quietFlowAfterIdleMs,
  'heap per actor awaiting a code, bytes': results.heapBytesPerActor,
  'own code for a flow, bytes gzip': results.ownGzipBytes,
  'own code, whole main entry, bytes gzip': results.ownEntryGzipBytes,
  'whole app bundle, bytes gzip': results.fullGzipBytes,
  '@descope/core-js-sdk / web-js-sdk, bytes gzip': `${core.gzipBytes} / ${web.gzipBytes}`,
});
console.log(`${results.flows} flows of each kind in balanced orders; results in bench/results.json`);
if (perFlow !== 2 || perResend !== 1) process.exitCode = 1;
