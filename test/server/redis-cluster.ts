import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { redisServerPath } from './redis-process.ts';

const run = promisify(execFile);

/** Where `redis-cli` is installed, beside `redis-server`, if it is. */
export const redisCliPath = redisServerPath && [join(redisServerPath, '..', 'redis-cli')].find(existsSync);

/** A Redis Cluster of three masters on free loopback ports. */
export interface RedisClusterProcess {
  readonly urls: string[];
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function launch(port: number, dir: string): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const cluster = ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--dir', dir];
  const child = spawn(redisServerPath as string, [...args, ...cluster], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`)));
  });
}

/** Starts three cluster-enabled `redis-server`s, joins them with `redis-cli --cluster create`, and waits for `cluster_state:ok`. */
export async function startRedisCluster(): Promise<RedisClusterProcess> {
  if (!redisServerPath || !redisCliPath) throw new Error('redis-server and redis-cli are required on CI');
  const dir = mkdtempSync(join(tmpdir(), 'otp-redis-cluster-'));
  const ports = [await freePort(), await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  const close = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', () => {
    for (const child of children) child.kill('SIGKILL');
  });
  try {
    for (const port of ports) children.push(await launch(port, dir));
    const nodes = ports.map((port) => `127.0.0.1:${port}`);
    await run(redisCliPath, ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes']);
    for (let tries = 0; ; tries += 1) {
      const states = await Promise.all(
        ports.map((port) => run(redisCliPath as string, ['-p', String(port), 'cluster', 'info'])),
      );
      if (states.every(({ stdout }) => stdout.includes('cluster_state:ok'))) break;
      if (tries > 200) throw new Error('the Redis Cluster did not reach cluster_state:ok');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { urls: ports.map((port) => `redis://127.0.0.1:${port}`), close };
}
