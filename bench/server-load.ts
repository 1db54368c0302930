import type { RemoteServer } from './remote-server.ts';
import type { BackendKind } from './server-config.ts';

/** One kind's share of a round, measured by the clients. */
export interface LoadResult {
  steps: number;
  seconds: number;
  latenciesMs: number[];
  /** Why flows did not end authenticated, one entry per such flow. */
  failures: string[];
  /** The names of the cookies the answer to `start` set (never their values). */
  startCookies: string[];
}

/** What the load is run with: the backend's origin, the test server that delivers codes, the client count. */
export interface LoadOptions {
  kind: BackendKind;
  url: string;
  descope: RemoteServer;
  flows: number;
  clients: number;
  tag: string;
  codeTimeoutMs: number;
}

type Answer = { status: number; body: Record<string, unknown>; cookies: string[] };

/**
 * A browser's cookie jar for one flow: every `Set-Cookie` kept by name and sent back, as a browser does
 * on the app's own origin.
 */
class Jar {
  readonly values = new Map<string, string>();

  header(): string {
    return [...this.values].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  keep(lines: string[]): string[] {
    const names: string[] = [];
    for (const line of lines) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age\s*=\s*0\s*$/i.test(attribute));
      if (expired || value === '') this.values.delete(name);
      else this.values.set(name, value);
      names.push(name);
    }
    return names;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** The p50 and p99 of `latencies`, in milliseconds. */
export function percentiles(latencies: number[]) {
  const sorted = [...latencies].sort((x, y) => x - y);
  return { p50Ms: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99) };
}

/**
 * Runs `flows` sign-up-or-in flows (start, then verify: two steps each) against one backend from `clients`
 * concurrent clients, each taking the next flow as soon as its last one ends. Requests go as a browser's
 * `fetch` from the app's page would: JSON, the app's `Origin`, `Sec-Fetch-Site: same-origin`, and every
 * cookie of the flow sent back. Fetch keeps its connections alive.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { kind, url, descope, flows, clients, tag, codeTimeoutMs } = options;
  const latenciesMs: number[] = [];
  const failures: string[] = [];
  let startCookies: string[] = [];

  async function post(jar: Jar, route: string, body: unknown): Promise<Answer> {
    const started = performance.now();
    const response = await fetch(`${url}/${route}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: url,
        'sec-fetch-site': 'same-origin',
        ...(jar.values.size > 0 ? { cookie: jar.header() } : {}),
      },
      body: JSON.stringify(body),
    });
    const answered = (await response.json()) as Record<string, unknown>;
    latenciesMs.push(performance.now() - started);
    return { status: response.status, body: answered, cookies: jar.keep(response.headers.getSetCookie()) };
  }

  const kindOf = (answer: Answer) =>
    `${answer.status} ${(answer.body.error as { kind?: string } | null)?.kind ?? answer.body.status}`;

  async function flow(index: number): Promise<string | undefined> {
    const jar = new Jar();
    const loginId = `${tag}-${index}@bench.example`;
    const start = await post(jar, 'start', { loginId });
    if (start.status !== 200) return `start: ${kindOf(start)}`;
    if (index === 0) startCookies = start.cookies;
    const code = await withTimeout(descope.code(loginId), codeTimeoutMs, 'no code delivered');
    const flowId = start.body.flowId;
    const verify = await post(jar, 'verify', kind === 'sdk-stateless' ? { loginId, code } : { flowId, code });
    if (verify.status !== 200) return `verify: ${kindOf(verify)}`;
    const session = (verify.body.session ?? verify.body) as { sessionJwt?: unknown };
    if (typeof session.sessionJwt !== 'string') return 'verify: no session';
    if (kind.startsWith('library') && verify.body.status !== 'authenticated')
      return 'verify: not authenticated';
    return jar.values.has('DSR') ? undefined : 'verify: no DSR cookie';
  }

  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let index = next++; index < flows; index = next++) {
        const failed = await flow(index).catch((error: unknown) => `error: ${(error as Error).message}`);
        if (failed) failures.push(failed);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { steps: latenciesMs.length, seconds, latenciesMs, failures, startCookies };
}
