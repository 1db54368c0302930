import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const folders = ['/usr/bin', ...(process.env.PATH ?? '').split(delimiter).filter(Boolean)];

/** Where `redis-server` is installed (Debian's package puts it in `/usr/bin`), if it is. */
export const redisServerPath = folders.map((folder) => join(folder, 'redis-server')).find(existsSync);

/** A `redis-server` on a free loopback port, persistence off. */
export interface RedisProcess {
  readonly url: string;
  readonly port: number;
  /** Stops it after saving its data (`SHUTDOWN SAVE`), as a restart with persistence would. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the data saved by `stop`. */
  start(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open and nothing answers. */
  pause(): void;
  /** Thaws it after `pause` (SIGCONT). */
  resume(): void;
  /** Stops it for good and removes its folder. */
  close(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A loopback port nothing listens on at the moment of asking. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `redis-server` on `port` with its files in `dir` and `extra` arguments; resolves once it accepts connections. */
export function launchRedisServer(port: number, dir: string, extra: string[] = []): Promise<ChildProcess> {
  if (!redisServerPath) throw new Error('redis-server is required on CI but is not installed');
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn(redisServerPath, [...args, ...extra, '--dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`)));
  });
}

/** Resolves once `child` has exited (at once if it already has). */
export const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

function shutdownSave(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('error', () => resolve());
    socket.once('close', () => resolve());
    socket.connect(port, '127.0.0.1', () => socket.write('SHUTDOWN SAVE\r\n'));
  });
}

/** Starts `redis-server`; stop it with `close()` in `afterAll` (it is also killed when the process exits). */
export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'otp-redis-'));
  let child: ChildProcess | undefined = await launchRedisServer(port, dir);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      const stopping = child;
      child = undefined;
      if (!stopping) return;
      await shutdownSave(port);
      await exited(stopping);
    },
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
    async start() {
      child ??= await launchRedisServer(port, dir);
    },
    async close() {
      const stopping = child;
      child = undefined;
      if (stopping) {
        stopping.kill('SIGKILL');
        await exited(stopping);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `client` connected; its connection errors are left to what the test checks (the store reports them). */
export async function connected<Client extends RedisClientLike>(client: Client): Promise<Client> {
  client.on('error', () => {});
  await client.connect();
  return client;
}

interface RedisClientLike {
  on(event: 'error', listener: () => void): unknown;
  connect(): Promise<unknown>;
}
