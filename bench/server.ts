import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createClient } from 'redis';
import { createOtpFlows, memoryFlowStore, type OtpFlows, redisFlowStore } from '../src/server/index.ts';
import { createTestServer, type TestServer } from '../src/testing/index.ts';
import { startRedis } from '../test/server/redis-process.ts';

const flows = Number(process.env.BENCH_SERVER_FLOWS ?? 1_000);
const rounds = Number(process.env.BENCH_SERVER_ROUNDS ?? 3);
const requestTimeoutMs = 60_000;
const storeTimeoutMs = 10_000;
const resultsPath = new URL('./results.json', import.meta.url);

interface Round {
  stepsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const median = (values: number[]) =>
  quantile(
    [...values].sort((x, y) => x - y),
    0.5,
  );
const round3 = (value: number) => Math.round(value * 1000) / 1000;

const inFlight = Number(process.env.BENCH_SERVER_IN_FLIGHT ?? 200);
let running = 0;
const waiting: (() => void)[] = [];

async function admitted<T>(step: () => Promise<T>): Promise<T> {
  if (running < inFlight) running += 1;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await step();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

async function timed<T>(latencies: number[], step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await admitted(step);
  latencies.push(performance.now() - started);
  return result;
}

/** `count` concurrent flows, each started on `first` and verified on `second`: two steps per flow. */
async function runFlows(descope: TestServer, first: OtpFlows, second: OtpFlows, count: number, tag: string) {
  const latencies: number[] = [];
  const started = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const loginId = `${tag}-${i}@bench.example`;
      const start = await timed(latencies, () => first.start({ loginId }));
      if (start.error) return `start: ${start.error.kind}`;
      const code = descope.lastCode(loginId) ?? '';
      const verify = await timed(latencies, () => second.submitCode(start.flowId, code));
      return verify.error ? `verify: ${verify.error.kind}` : verify.status;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const failed = outcomes.filter((outcome) => outcome !== 'authenticated');
  if (failed.length > 0)
    console.error(`${tag}: ${failed.length} of ${count} flows failed: ${[...new Set(failed)]}`);
  if (failed.length > count / 100) throw new Error(`${tag}: more than 1% of the flows failed`);
  latencies.sort((x, y) => x - y);
  return {
    stepsPerSecond: latencies.length / seconds,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
  };
}

const summary = (measured: Round[]) => ({
  stepsPerSecond: Math.round(median(measured.map((round) => round.stepsPerSecond))),
  p50StepMs: round3(median(measured.map((round) => round.p50Ms))),
  p99StepMs: round3(median(measured.map((round) => round.p99Ms))),
});

const descope = await createTestServer();
const redis = await startRedis();
const clients = [createClient({ url: redis.url }), createClient({ url: redis.url })];
try {
  await Promise.all(clients.map((client) => client.connect()));
  const input = { projectId: descope.projectId, baseUrl: descope.url, requestTimeoutMs };
  const memory = createOtpFlows({ limits: false, input, store: memoryFlowStore() });
  const [one, two] = clients.map((client) =>
    createOtpFlows({ limits: false, input, store: redisFlowStore(client, { timeoutMs: storeTimeoutMs }) }),
  ) as [OtpFlows, OtpFlows];
  await runFlows(descope, memory, memory, 100, 'warmup-memory');
  await runFlows(descope, one, two, 100, 'warmup-redis');
  const measured = { memory: [] as Round[], redis: [] as Round[] };
  for (let round = 0; round < rounds; round += 1) {
    const memoryFirst = round % 2 === 0;
    if (memoryFirst) measured.memory.push(await runFlows(descope, memory, memory, flows, `memory-${round}`));
    measured.redis.push(await runFlows(descope, one, two, flows, `redis-${round}`));
    if (!memoryFirst) measured.memory.push(await runFlows(descope, memory, memory, flows, `memory-${round}`));
  }
  const server = {
    date: new Date().toISOString(),
    command: 'npm run bench:server',
    concurrentFlows: flows,
    stepsInFlight: inFlight,
    stepsPerFlow: 2,
    requestTimeoutMs,
    storeTimeoutMs,
    rounds,
    node: process.version,
    cores: cpus().length,
    loadAverage1m: round3(loadavg()[0] ?? 0),
    memoryStore: summary(measured.memory),
    redisTwoInstances: summary(measured.redis),
  };
  const results = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
  writeFileSync(resultsPath, `${JSON.stringify({ ...results, server }, null, 2)}\n`);
  console.log(JSON.stringify(server, null, 2));
} finally {
  await Promise.all(clients.map((client) => (client.isOpen ? client.close() : undefined)));
  await redis.close();
  await descope.close();
}
