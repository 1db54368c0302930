import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

/** Where the page loads the layout library (ELK) from, on the inspector's own server. */
export const LAYOUT_PATH = '/elk.js';

interface Asset {
  body: Buffer;
  gzip: Buffer;
}

let layout: Asset | undefined;

/** ELK's browser bundle, read once from the installed `elkjs` package, plain and gzipped. */
export function layoutScript(): Asset {
  if (!layout) {
    const body = readFileSync(createRequire(import.meta.url).resolve('elkjs/lib/elk.bundled.js'));
    layout = { body, gzip: gzipSync(body) };
  }
  return layout;
}
