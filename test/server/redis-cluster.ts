import { type ChildProcess, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exited, freePort, launchRedisServer, redisServerPath } from './redis-process.ts';

const run = promisify(execFile);

/** Where `redis-cli` is installed, beside `redis-server`, if it is. */
export const redisCliPath = redisServerPath && [join(redisServerPath, '..', 'redis-cli')].find(existsSync);

/** A Redis Cluster of three masters on free loopback ports. */
export interface RedisClusterProcess {
  readonly urls: string[];
  close(): Promise<void>;
}

/** Starts three cluster-enabled `redis-server`s, joins them with `redis-cli --cluster create`, and waits for `cluster_state:ok`. */
export async function startRedisCluster(): Promise<RedisClusterProcess> {
  if (!redisServerPath || !redisCliPath) throw new Error('redis-server and redis-cli are required on CI');
  const dir = mkdtempSync(join(tmpdir(), 'otp-redis-cluster-'));
  const ports = [await freePort(), await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  const close = async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', () => {
    for (const child of children) child.kill('SIGKILL');
  });
  try {
    for (const port of ports)
      children.push(
        await launchRedisServer(port, dir, [
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${port}.conf`,
        ]),
      );
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
