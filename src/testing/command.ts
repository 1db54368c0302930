import { parseArgs } from 'node:util';
import { formatDelivery } from './delivery.ts';
import { createTestServer } from './server.ts';
import type { TestServer, TestServerOptions } from './types.ts';

export const USAGE = `Usage: descope-otp-machine test-server [options]

Runs an offline Descope on 127.0.0.1: OTP, sessions, the key set and, with --management-key, the
Management API's test users. Prints every code it "sends".

Options:
  --port <n>                 port to listen on (default 4010; 0 picks a free one)
  --project-id <id>          project ID to accept (default P2aAc4T2V93bddihGEx2Ryhc8e5Z)
  --code-ttl-ms <ms>         code lifetime in milliseconds (default 300000)
  --max-attempts <n>         wrong codes allowed per code (default 3)
  --rate-limit <max>/<ms>    requests allowed per client address per window (default off)
  --management-key <key>     accept Management API calls with this key (default: refuse them)
  --help                     show this help`;

export type CommandArgs = { help: true } | { help: false; options: TestServerOptions };

export interface CommandIo {
  out?: (line: string) => void;
  err?: (line: string) => void;
  signals?: boolean;
}

const integer = (flag: string, value: string | undefined, min: number): number | undefined => {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < min)
    throw new Error(`${flag} expects an integer >= ${min}, got "${value}"`);
  return parsed;
};

export const parseCommandArgs = (argv: string[]): CommandArgs => {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      'project-id': { type: 'string' },
      'code-ttl-ms': { type: 'string' },
      'max-attempts': { type: 'string' },
      'rate-limit': { type: 'string' },
      'management-key': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true };
  const options: TestServerOptions = { port: integer('--port', values.port, 0) ?? 4010 };
  if (options.port! > 65_535) throw new Error(`--port expects a port number, got "${values.port}"`);
  if (values['project-id'] !== undefined) options.projectId = values['project-id'];
  const ttl = integer('--code-ttl-ms', values['code-ttl-ms'], 1);
  if (ttl !== undefined) options.codeTtlMs = ttl;
  const attempts = integer('--max-attempts', values['max-attempts'], 1);
  if (attempts !== undefined) options.maxAttempts = attempts;
  const managementKey = values['management-key'];
  if (managementKey !== undefined) {
    if (managementKey === '') throw new Error('--management-key expects a non-empty key');
    options.managementKey = managementKey;
  }
  const rate = values['rate-limit'];
  if (rate !== undefined) {
    const [max, windowMs, ...rest] = rate.split('/');
    if (rest.length > 0 || windowMs === undefined)
      throw new Error(`--rate-limit expects <max>/<windowMs>, got "${rate}"`);
    options.rateLimit = {
      max: integer('--rate-limit', max, 1)!,
      windowMs: integer('--rate-limit', windowMs, 1)!,
    };
  }
  return { help: false, options };
};

/**
 * Runs the test server as a terminal program: parses `argv`, starts the server, prints every delivered
 * code and stops on SIGINT or SIGTERM. Resolves once the server listens, with the server and a `stop`
 * function, or `undefined` after `--help` or invalid arguments (which set `process.exitCode` to 2).
 */
export const runTestServerCommand = async (
  argv: string[],
  io: CommandIo = {},
): Promise<{ server: TestServer; stop: () => Promise<void> } | undefined> => {
  const out = io.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = io.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  let args: CommandArgs;
  try {
    args = parseCommandArgs(argv);
  } catch (error) {
    err(error instanceof Error ? error.message : String(error));
    err(USAGE);
    process.exitCode = 2;
    return undefined;
  }
  if (args.help) {
    out(USAGE);
    return undefined;
  }
  const server = await createTestServer({
    ...args.options,
    onDeliver: (delivery) => out(formatDelivery(delivery)),
  });
  const onSignal = () => {
    void stop();
  };
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await server.close();
    })();
    return stopping;
  };
  if (io.signals !== false) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  out(`Descope OTP test server on ${server.url} (project ${server.projectId.slice(0, 4)}…)`);
  out(`Key set: ${server.keySetUrl}`);
  out(args.options.managementKey ? 'Management API: on (test users)' : 'Management API: off');
  return { server, stop };
};
