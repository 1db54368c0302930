import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem, type } from 'node:os';
import { createTestServer } from '../src/testing/index.ts';
import { assertSameRequests, compareFlows, requestsPerFlow, requestsPerResend } from './flow.ts';
import { descopeSdk, fullApp, measureBundle, ownCode, ownEntry, root } from './size.ts';
import { throughput } from './throughput.ts';

const flows = Number(process.env.BENCH_FLOWS ?? 400);
const warmup = Number(process.env.BENCH_WARMUP ?? 60);

const same = (counts: number[]) => (counts.every((count) => count === counts[0]) ? counts[0]! : Number.NaN);

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

const server = await createTestServer();
const latencyMs = 20;
let timings: Awaited<ReturnType<typeof compareFlows>>;
let withLatency: Awaited<ReturnType<typeof compareFlows>>;
let perFlow: number;
let perResend: number;
try {
  await assertSameRequests(server);
  timings = await compareFlows(server, flows, warmup);
  server.fault({ kind: 'delay', delayMs: latencyMs, times: Number.POSITIVE_INFINITY });
  withLatency = await compareFlows(server, 40, 4, ['machine', 'direct']);
  server.clearFaults();
  perFlow = same(await requestsPerFlow(server, 20));
  perResend = same(await requestsPerResend(server, 20));
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

const cpuList = cpus();
const results = {
  date: new Date().toISOString(),
  machine: {
    os: `${type()} ${release()} (${platform()})`,
    cpu: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverage1m: round(loadavg()[0] ?? 0, 2),
  },
  command: 'npm run bench',
  flows: timings.flows,
  flowOverheadRatio: round(timings.ratio, 3),
  pairedFlowOverheadRatio: round(timings.pairedRatio, 3),
  flowOverheadMs: round(timings.machineMedianMs - timings.directMedianMs, 3),
  statechartFloorRatio: round(timings.floorRatio, 3),
  bareStatechartRatio: round(timings.bareRatio, 3),
  overheadAboveFloorMs: round(timings.machineMedianMs - timings.floorMedianMs, 3),
  flowOverheadRatioWithLatency: round(withLatency.ratio, 3),
  serverLatencyMs: latencyMs,
  machineFlowMedianMs: round(timings.machineMedianMs, 3),
  floorFlowMedianMs: round(timings.floorMedianMs, 3),
  bareFlowMedianMs: round(timings.bareMedianMs, 3),
  directFlowMedianMs: round(timings.directMedianMs, 3),
  machineFlowP90Ms: round(timings.machineP90Ms, 3),
  directFlowP90Ms: round(timings.directP90Ms, 3),
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
};

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

writeFileSync(new URL('results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log(
  `${results.machine.cpu}, ${results.machine.cores} cores, ${results.machine.os}, Node ${results.machine.node}`,
);
console.table({
  'flow overhead (median machine / median direct)': { value: results.flowOverheadRatio, unit: 'ratio' },
  'flow overhead (median of paired ratios)': { value: results.pairedFlowOverheadRatio, unit: 'ratio' },
  'flow overhead (median machine - median direct)': { value: results.flowOverheadMs, unit: 'ms' },
  'least statechart (median floor / median direct)': { value: results.statechartFloorRatio, unit: 'ratio' },
  'statechart with no child actor (median bare / median direct)': {
    value: results.bareStatechartRatio,
    unit: 'ratio',
  },
  'machine over the least statechart': { value: results.overheadAboveFloorMs, unit: 'ms' },
  [`flow overhead, server answering after ${latencyMs} ms`]: {
    value: results.flowOverheadRatioWithLatency,
    unit: 'ratio',
  },
  'machine flow, median': { value: results.machineFlowMedianMs, unit: 'ms' },
  'least statechart flow, median': { value: results.floorFlowMedianMs, unit: 'ms' },
  'statechart with no child actor, median': { value: results.bareFlowMedianMs, unit: 'ms' },
  'direct ofetch flow, median': { value: results.directFlowMedianMs, unit: 'ms' },
  'requests per flow': { value: results.requestsPerFlow, unit: 'requests' },
  'requests per resend': { value: results.requestsPerResend, unit: 'requests' },
  'events (no I/O)': { value: results.eventsPerSecond, unit: 'per second' },
  'actors created and started': { value: results.actorsPerSecond, unit: 'per second' },
  'whole flow with services answering at once (no I/O)': { value: results.quietFlowMs, unit: 'ms' },
  'the same, after the process idled 1 ms': { value: results.quietFlowAfterIdleMs, unit: 'ms' },
  'heap per actor awaiting a code': { value: results.heapBytesPerActor, unit: 'bytes' },
  'own code for a flow (otpMachine + connect; deps external)': {
    value: results.ownGzipBytes,
    unit: 'bytes gzip',
  },
  'own code, whole main entry (persist, redact too)': {
    value: results.ownEntryGzipBytes,
    unit: 'bytes gzip',
  },
  'whole app bundle (otpMachine + connect)': { value: results.fullGzipBytes, unit: 'bytes gzip' },
  '@descope/core-js-sdk': { value: results.descopeCoreSdkGzipBytes, unit: 'bytes gzip' },
  '@descope/web-js-sdk': { value: results.descopeWebSdkGzipBytes, unit: 'bytes gzip' },
});
console.log(`${results.flows} flows of each kind, in balanced orders; results in bench/results.json`);
if (perFlow !== 2 || perResend !== 1) process.exitCode = 1;
