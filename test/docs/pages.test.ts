import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../../bench/size.ts';
import { pagesOf } from './blocks.ts';

const read = (path: string) => readFileSync(join(root, path), 'utf8');
const withoutCode = (text: string) => text.replace(/^```[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
  heading
    .replaceAll('`', '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

const anchorsOf = (page: string) =>
  new Set(
    [
      ...read(page)
        .replace(/^```[\s\S]*?^```$/gm, '')
        .matchAll(/^#{1,6} (.+)$/gm),
    ].map((match) => anchorOf(match[1]!)),
  );

const manifest = JSON.parse(read('package.json')) as {
  type: string;
  engines: { node: string };
  exports: Record<string, unknown>;
};

describe('the documentation pages', () => {
  it('keep the front page short', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(300);
  });

  it.each(pagesOf(root))(
    '%s: every relative link reaches a file, and a heading when it names one',
    (page) => {
      const broken: string[] = [];
      for (const [, target] of withoutCode(read(page)).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [path, anchor] = target!.split('#') as [string, string | undefined];
        const file = path === '' ? page : normalize(join(dirname(page), path));
        if (!existsSync(join(root, file))) broken.push(target!);
        else if (anchor && file.endsWith('.md') && !anchorsOf(file).has(anchor)) broken.push(target!);
      }
      expect(broken).toEqual([]);
    },
  );
});

describe('what the README says the package is', () => {
  const install = read('README.md').split('## Install')[1]!.split('\n## ')[0]!;

  it('is ESM only: "type": "module" and no require condition in any export', () => {
    expect(manifest.type).toBe('module');
    expect(JSON.stringify(manifest.exports)).not.toMatch(/"require"|"module-sync"|\.c[jt]s"/);
    expect(install).toContain('ESM only');
  });

  it('names the Node versions of engines', () => {
    expect(install).toContain(`engines: ${manifest.engines.node}`);
  });
});
