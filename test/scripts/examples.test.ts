import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { root } from '../../bench/size.ts';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const isListening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm run examples', () => {
  // A terminal's Ctrl-C signals the whole foreground group; a process manager signals npm alone.
  it.each([
    { signal: 'SIGTERM', to: 'npm' },
    { signal: 'SIGINT', to: 'group' },
    { signal: 'SIGTERM', to: 'group' },
  ] as const)(
    'stops every server and process it started on $signal to the $to',
    async ({ signal, to }) => {
      const [testServer, examples, inspector] = await Promise.all([freePort(), freePort(), freePort()]);
      const child = spawn('npm', ['run', 'examples', '--', 'vanilla'], {
        cwd: root,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          OTP_TEST_SERVER_PORT: String(testServer),
          OTP_EXAMPLES_PORT: String(examples),
          OTP_INSPECTOR_PORT: String(inspector),
        },
      });
      const pgid = child.pid!;
      onTestFinished(() => {
        if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
      });
      let output = '';
      const ready = new Promise<void>((resolve, reject) => {
        const collect = (chunk: Buffer) => {
          output += chunk.toString('utf8');
          if (output.includes('Ctrl-C stops.')) resolve();
        };
        child.stdout.on('data', collect);
        child.stderr.on('data', collect);
        child.once('exit', () => reject(new Error(`exited before it was ready:\n${output}`)));
      });
      await ready;
      const ports = [...output.matchAll(/http:\/\/127\.0\.0\.1:(\d+)/g)].map((match) => Number(match[1]));
      expect(new Set(ports)).toEqual(new Set([testServer, examples, inspector]));
      expect(await Promise.all(ports.map(isListening))).toEqual(ports.map(() => true));

      process.kill(to === 'npm' ? pgid : -pgid, signal);
      while (groupAlive(pgid)) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await Promise.all(ports.map(isListening))).toEqual(ports.map(() => false));
    },
    60_000,
  );
});
