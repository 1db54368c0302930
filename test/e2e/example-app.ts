import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import { build, type Rollup } from 'vite';
import { type ExampleName, exampleConfig } from '../../examples/vite.shared.ts';

type Files = Map<string, Uint8Array | string>;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Builds an example in memory with Vite's JS API (nothing is written to disk). */
export async function buildExample(name: ExampleName): Promise<Files> {
  const config = exampleConfig(name);
  const result = await build({
    ...config,
    configFile: false,
    logLevel: 'warn',
    build: { ...config.build, write: false, minify: false },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const files: Files = new Map();
  for (const item of outputs.flatMap((output) => output.output)) {
    files.set(item.fileName, item.type === 'chunk' ? item.code : item.source);
  }
  return files;
}

/** Built examples served over HTTP on 127.0.0.1, each under `/<name>/`. */
export interface ExampleSite {
  /** The page URL of an example, with the given query parameters. */
  url(name: ExampleName, query?: Record<string, string | number>): string;
  close(): Promise<void>;
}

/** Builds the given examples and serves them on a free port. */
export async function serveExamples(names: readonly ExampleName[]): Promise<ExampleSite> {
  const sites = new Map<string, Files>();
  for (const name of names) sites.set(name, await buildExample(name));
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split(/[?#]/, 1)[0]!);
    const [, name = '', ...rest] = path.split('/');
    const file = rest.join('/') || 'index.html';
    const body = sites.get(name)?.get(file);
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    res
      .writeHead(200, {
        'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      })
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url(name, query = {}) {
      const search = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]));
      return `http://127.0.0.1:${port}/${name}/${search.size ? `?${search}` : ''}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
