import { writeFileSync } from 'node:fs';
import { startRedis } from '../test/server/redis-process.ts';
import { summarizeCpu } from './profile-summary.ts';
import { startRemoteServer } from './remote-server.ts';
import { startBackend } from './server-backends.ts';
import { backendSettings, isBackendKind } from './server-config.ts';
import { runLoad } from './server-load.ts';

const [kind = 'library-memory', flowsArgument, rowsArgument] = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--'));
const flows = Number(flowsArgument ?? 2_000);
const top = Number(rowsArgument ?? 15);
const option = (name: string) =>
  process.argv.find((argument) => argument.startsWith(`--${name}=`))?.slice(name.length + 3);
const out = option('out');
const intervalUs = Number(option('interval') ?? 100);
const clients = Number(process.env.BENCH_SERVER_CLIENTS ?? 50);
if (!isBackendKind(kind))
  throw new Error(`Unknown backend ${kind}: library-memory, library-redis, sdk-stateless or sdk-redis`);

const descope = await startRemoteServer();
const redis = kind.endsWith('redis') ? await startRedis() : undefined;
try {
  const backend = await startBackend({
    ...backendSettings,
    kind,
    projectId: descope.projectId,
    descopeUrl: descope.url,
    redisUrl: redis?.url,
  });
  try {
    const load = { kind, url: backend.url, descope, clients, codeTimeoutMs: 120_000 };
    await runLoad({ ...load, flows: 200, tag: 'warmup' });
    await backend.profileStart(intervalUs);
    const result = await runLoad({ ...load, flows, tag: 'profiled' });
    const profile = await backend.profileStop();
    if (result.failures.length > 0)
      console.error(`${result.failures.length} flows failed: ${result.failures[0]}`);
    if (out) writeFileSync(out, JSON.stringify(profile));
    summarizeCpu(profile, `${kind} backend, ${flows} flows, ${result.steps} steps`, {
      top,
      count: result.steps,
      unit: 'step',
    });
  } finally {
    await backend.close();
  }
} finally {
  await redis?.close();
  await descope.close();
}
