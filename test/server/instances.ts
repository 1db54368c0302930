import { type ChildProcess, spawn } from 'node:child_process';
import type { OtpInput } from '../../src/index.ts';
import { cookieJar, postJson } from '../helpers/http.ts';

/** An app instance in its own Node process, serving `createOtpHandler` over HTTP on a free port. */
export interface Instance {
  readonly url: string;
  readonly process: ChildProcess;
  /** `POST <url>/otp/<route>` with a JSON body and the cookies of one browser: the status and the parsed body. */
  post(route: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface InstanceOptions {
  redisUrl: string;
  descope: { url: string; projectId: string };
  input?: Partial<OtpInput>;
  leaseMarginMs?: number;
}

const children = new Set<ChildProcess>();
/** One browser in front of every instance: the instances share its cookies, as they share its host. */
const browser = cookieJar();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export async function startInstance({ redisUrl, descope, input = {}, leaseMarginMs }: InstanceOptions) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/server/instance.ts'], {
    env: {
      ...process.env,
      REDIS_URL: redisUrl,
      DESCOPE_URL: descope.url,
      DESCOPE_PROJECT_ID: descope.projectId,
      OTP_INPUT: JSON.stringify(input),
      ...(leaseMarginMs === undefined ? {} : { LEASE_MARGIN_MS: String(leaseMarginMs) }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => children.delete(child));
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`instance exited (${code}) before listening`)));
  });
  const instance: Instance = {
    url,
    process: child,
    async post(route, body) {
      const response = await postJson(`${url}/otp/${route}`, body, browser);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  return instance;
}
