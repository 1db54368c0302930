import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createClient } from 'redis';
import {
  createOtpFlows,
  type FlowStore,
  memoryFlowStore,
  type OtpFlows,
  type OtpLimits,
  redisFlowStore,
} from '../src/server/index.ts';
import { memoryLimiter, redisLimiter } from '../src/server/limiters.ts';
import { createLimits } from '../src/server/limits.ts';
import { createTestServer, type TestServer } from '../src/testing/index.ts';
import { startRedis } from '../test/server/redis-process.ts';

const flowsPerRun = Number(process.env.BENCH_LIMITS_FLOWS ?? 100);
const rounds = Number(process.env.BENCH_LIMITS_ROUNDS ?? 5);
const checksPerRun = Number(process.env.BENCH_LIMITS_CHECKS ?? 1_000);
const resultsPath = new URL('./results.json', import.meta.url);
const huge = { max: 1_000_000_000, windowSeconds: 600 };
/** Every limit on, none reached: each send takes three points and each verify one. */
const every: OtpLimits = {
  perClientIp: huge,
  global: huge,
  perDestination: huge,
  failedVerifiesPerDestination: huge,
};

const median = (values: number[]) =>
  [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] as number;
const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** `count` flows one step at a time (start, then verify), so a step's time is its own: mean ms per step. */
async function runFlows(descope: TestServer, flows: OtpFlows, tag: string, count: number) {
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const loginId = `${tag}-${i}@bench.example`;
    const start = await flows.start({ loginId, clientIp: `10.0.${i % 200}.1` });
    if (start.error) throw new Error(`${tag}: start ${start.error.kind}`);
    const verify = await flows.submitCode(start.flowId, descope.lastCode(loginId) ?? '');
    if (verify.error) throw new Error(`${tag}: verify ${verify.error.kind}`);
  }
  return (performance.now() - started) / (count * 2);
}

/** The checks alone, without the step: a send's three counters and a verify's one, in microseconds per step. */
async function runChecks(limits: ReturnType<typeof createLimits>, tag: string, count: number) {
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const destination = `${tag}-${i}@bench.example`;
    const send = await limits.send(destination, `10.1.${i % 200}.1`);
    const verify = await limits.verify(destination);
    if (!('refund' in send) || !('refund' in verify)) throw new Error(`${tag}: a check refused`);
  }
  return ((performance.now() - started) * 1000) / (count * 2);
}

const descope = await createTestServer();
const redis = await startRedis();
const client = createClient({ url: redis.url });
try {
  await client.connect();
  const input = { projectId: descope.projectId, baseUrl: descope.url };
  const stores: Record<'memory' | 'redis', FlowStore> = {
    memory: memoryFlowStore(),
    redis: redisFlowStore(client, { timeoutMs: 10_000 }),
  };
  const variants = (['memory', 'redis'] as const).flatMap((store) => [
    { name: `${store}Off`, flows: createOtpFlows({ input, store: stores[store], limits: false }) },
    { name: `${store}On`, flows: createOtpFlows({ input, store: stores[store], limits: every }) },
  ]);
  for (const { name, flows } of variants) await runFlows(descope, flows, `warmup-${name}`, 50);
  const measured: Record<string, number[]> = Object.fromEntries(variants.map(({ name }) => [name, []]));
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const { name, flows } of order)
      measured[name]?.push(await runFlows(descope, flows, `${name}-${round}`, flowsPerRun));
  }
  const checks = {
    memory: createLimits(every, memoryLimiter()),
    redis: createLimits(every, redisLimiter(client, 'bench-limits:', 10_000)),
  };
  const checkUs: Record<'memory' | 'redis', number[]> = { memory: [], redis: [] };
  for (let round = 0; round < rounds; round += 1)
    for (const store of ['memory', 'redis'] as const)
      checkUs[store].push(await runChecks(checks[store], `checks-${store}-${round}`, checksPerRun));
  const ms = (name: string) => round3(median(measured[name] ?? []));
  const side = (store: 'memory' | 'redis') => ({
    msPerStepWithout: ms(`${store}Off`),
    msPerStepWith: ms(`${store}On`),
    addedMsPerStep: round3(ms(`${store}On`) - ms(`${store}Off`)),
    ratio: round3(ms(`${store}On`) / ms(`${store}Off`)),
    checksAloneUsPerStep: round3(median(checkUs[store])),
  });
  const limits = {
    date: new Date().toISOString(),
    command: 'npm run bench:limits',
    flowsPerRun,
    stepsPerFlow: 2,
    stepsInFlight: 1,
    limitsOn: 'all four, none reached (3 counters per send, 1 per verify)',
    rounds,
    checksPerRun,
    node: process.version,
    cores: cpus().length,
    loadAverage1m: round3(loadavg()[0] ?? 0),
    memoryStore: side('memory'),
    redisStore: side('redis'),
  };
  const results = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
  writeFileSync(resultsPath, `${JSON.stringify({ ...results, limits }, null, 2)}\n`);
  console.log(JSON.stringify(limits, null, 2));
} finally {
  if (client.isOpen) await client.close();
  await redis.close();
  await descope.close();
}
