import { createServer, type ViteDevServer } from 'vite';
import { type ExampleName, exampleConfig, exampleNames } from '../examples/vite.shared.ts';
import { runTestServerCommand } from '../src/testing/index.ts';
import { openLocalInspector } from './open-inspector.ts';

const portOf = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const testServerPort = portOf('OTP_TEST_SERVER_PORT', 4010);
const firstPort = portOf('OTP_EXAMPLES_PORT', 5173);
const inspectorPort = portOf('OTP_INSPECTOR_PORT', 4020);
const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !exampleNames.includes(name as ExampleName));
if (unknown.length > 0) {
  console.error(`Unknown example: ${unknown.join(', ')}. Choose from ${exampleNames.join(', ')}.`);
  process.exit(2);
}
const names = requested.length > 0 ? (requested as ExampleName[]) : [...exampleNames];

const testServer = await runTestServerCommand(['--port', String(testServerPort)], { signals: false }).catch(
  (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE') throw error;
    console.error(`Port ${testServerPort} is in use: set OTP_TEST_SERVER_PORT to another port (0: any).`);
    return undefined;
  },
);
if (!testServer) process.exit(1);
if (testServerPort !== 4010) process.env.VITE_DESCOPE_BASE_URL ??= testServer.server.url;

const inspector = await openLocalInspector(inspectorPort);

const servers: ViteDevServer[] = [];
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  const closed = Promise.allSettled([
    ...servers.map((server) => server.close()),
    testServer.stop(),
    inspector.close(),
  ]);
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// `npm run` passes SIGTERM to its shell, which exits without passing it on: stop once orphaned.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stop();
}, 500).unref();

for (const [index, name] of names.entries()) {
  const config = exampleConfig(name);
  const server = await createServer({
    ...config,
    configFile: false,
    logLevel: 'warn',
    server: { ...config.server, port: firstPort + index },
  });
  servers.push(await server.listen());
}

console.log('\nExamples (codes are printed here as they are "delivered"):');
for (const [index, server] of servers.entries()) {
  console.log(`  ${names[index]!.padEnd(8)} ${server.resolvedUrls?.local[0] ?? ''}`);
}
const inspectQuery = inspector.sourceUrl.endsWith(`:${inspectorPort}/source`)
  ? '?inspect'
  : `?inspect=${inspector.sourceUrl}`;
console.log(`\nInspector: ${inspector.url} (open it, then add ${inspectQuery} to an example's URL)`);
console.log(`  for example ${servers[0]?.resolvedUrls?.local[0] ?? ''}${inspectQuery}`);
console.log('\nSign in with any phone number in international format, like +14155550100. Ctrl-C stops.');
