import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { startRedis } from '../test/server/redis-process.ts';
import { startRemoteServer } from './remote-server.ts';
import { type BackendProcess, startBackend } from './server-backends.ts';
import { type BackendKind, backendKinds, backendSettings } from './server-config.ts';
import { percentiles, runLoad } from './server-load.ts';

const flows = Number(process.env.BENCH_SERVER_FLOWS ?? 1_000);
const rounds = Number(process.env.BENCH_SERVER_ROUNDS ?? 3);
const warmupFlows = Number(process.env.BENCH_SERVER_WARMUP ?? flows);
const clients = Number(process.env.BENCH_SERVER_CLIENTS ?? 50);
const codeTimeoutMs = 120_000;
const resultsPath = new URL('./results.json', import.meta.url);

interface Measured {
  stepsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuPerStepUs: number;
  systemPerStepUs: number;
  rssBytes: number;
  failed: number;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;
const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const load1m = () => round3(loadavg()[0] ?? 0);

async function measure(
  backend: BackendProcess,
  descope: Parameters<typeof runLoad>[0]['descope'],
  tag: string,
) {
  const options = { kind: backend.kind, url: backend.url, descope, clients, codeTimeoutMs, tag };
  await backend.mark();
  const result = await runLoad({ ...options, flows });
  const usage = await backend.usage();
  const { failures } = result;
  if (failures.length > 0) {
    const reasons = [...new Set(failures)].join(', ');
    console.error(`${tag}: ${failures.length} of ${flows} flows did not end authenticated (${reasons})`);
  }
  if (failures.length > flows / 100) throw new Error(`${tag}: more than 1% of the flows failed`);
  return {
    stepsPerSecond: result.steps / result.seconds,
    ...percentiles(result.latenciesMs),
    cpuPerStepUs: (usage.userUs + usage.systemUs) / result.steps,
    systemPerStepUs: usage.systemUs / result.steps,
    rssBytes: usage.rssBytes,
    failed: failures.length,
  } satisfies Measured;
}

async function refusalStatus(url: string, headers: Record<string, string>) {
  const response = await fetch(`${url}/start`, { method: 'POST', headers, body: '{}' });
  await response.arrayBuffer();
  return response.status;
}

const descope = await startRemoteServer();
const redis = await startRedis();
const backends = new Map<BackendKind, BackendProcess>();
try {
  const base = { projectId: descope.projectId, descopeUrl: descope.url, redisUrl: redis.url };
  for (const kind of backendKinds) {
    backends.set(kind, await startBackend({ ...base, ...backendSettings, kind }));
  }
  const library = backends.get('library-memory')!;
  const json = { 'content-type': 'application/json' };
  const checks = {
    limits: library.features?.limits ?? false,
    foreignOriginStatus: await refusalStatus(library.url, { ...json, origin: 'https://elsewhere.example' }),
    nonJsonStatus: await refusalStatus(library.url, { 'content-type': 'text/plain', origin: library.url }),
    startCookies: [] as string[],
  };
  for (const backend of backends.values()) {
    const warm = await runLoad({
      kind: backend.kind,
      url: backend.url,
      descope,
      clients,
      codeTimeoutMs,
      flows: warmupFlows,
      tag: `warmup-${backend.kind}`,
    });
    if (warm.failures.length > 0) throw new Error(`${backend.kind} warm-up failed: ${warm.failures[0]}`);
    if (backend === library) checks.startCookies = warm.startCookies;
  }
  const measured = Object.fromEntries(backendKinds.map((kind) => [kind, [] as Measured[]])) as Record<
    BackendKind,
    Measured[]
  >;
  const loads: number[] = [load1m()];
  for (let round = 0; round < rounds; round += 1) {
    const order = backendKinds.map((_, at) => backendKinds[(at + round) % backendKinds.length]!);
    for (const kind of order) {
      const result = await measure(backends.get(kind)!, descope, `${kind}-${round}`);
      measured[kind].push(result);
      console.log(
        `round ${round + 1} ${kind}: ${Math.round(result.stepsPerSecond)} steps/s, ` +
          `p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, ` +
          `${Math.round(result.cpuPerStepUs)} µs CPU per step`,
      );
    }
    loads.push(load1m());
  }
  const ratio = (over: BackendKind, under: BackendKind) => ({
    stepsPerSecond: round3(
      median(measured[over].map((one, at) => one.stepsPerSecond / measured[under][at]!.stepsPerSecond)),
    ),
    cpuPerStep: round3(
      median(measured[over].map((one, at) => one.cpuPerStepUs / measured[under][at]!.cpuPerStepUs)),
    ),
  });
  const kinds = Object.fromEntries(
    backendKinds.map((kind) => {
      const all = measured[kind];
      const of = (pick: (one: Measured) => number) => median(all.map(pick));
      return [
        kind,
        {
          stepsPerSecond: Math.round(of((one) => one.stepsPerSecond)),
          p50StepMs: round3(of((one) => one.p50Ms)),
          p99StepMs: round3(of((one) => one.p99Ms)),
          cpuPerStepUs: Math.round(of((one) => one.cpuPerStepUs)),
          systemPerStepUs: Math.round(of((one) => one.systemPerStepUs)),
          rssMiB: round3(of((one) => one.rssBytes) / 2 ** 20),
          failedFlows: all.reduce((sum, one) => sum + one.failed, 0),
        },
      ];
    }),
  );
  const server = {
    date: new Date().toISOString(),
    command: 'npm run bench:server',
    flowsPerKind: flows,
    clients,
    rounds,
    warmupFlows,
    stepsPerFlow: 2,
    ...backendSettings,
    node: process.version,
    cores: cpus().length,
    loadAverage1m: loads,
    checks,
    kinds,
    ratios: {
      libraryMemoryOverSdkStateless: ratio('library-memory', 'sdk-stateless'),
      libraryRedisOverSdkRedis: ratio('library-redis', 'sdk-redis'),
    },
  };
  const results = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
  writeFileSync(resultsPath, `${JSON.stringify({ ...results, server }, null, 2)}\n`);
  console.table(kinds);
  console.log(JSON.stringify({ checks, ratios: server.ratios, loadAverage1m: loads }, null, 2));
} finally {
  for (const backend of backends.values()) await backend.close().catch(() => {});
  await redis.close();
  await descope.close();
}
