import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../../bench/size.ts';
import { buildAndPack, type PackedPackage, runAsync, writeJson, writeText } from '../package/pack.ts';
import {
  blocksOf,
  type CodeBlock,
  type Diagnostic,
  fragmentLeniency,
  pagesOf,
  parseDiagnostics,
  slugOf,
} from './blocks.ts';

/** What the pages import besides the package itself, taken from the repository's node_modules. */
const imported = [
  '@descope/node-sdk',
  '@statelyai/inspect',
  '@types/react',
  '@types/react-dom',
  '@xstate/react',
  'libphonenumber-js',
  'rate-limiter-flexible',
  'react',
  'react-dom',
  'redis',
  'tsx',
  'vitest',
];

/** The blocks that are also run, by page and file: each must exit 0 and print what it says. */
const runnable = [
  { page: 'README.md', file: 'sign-in.ts', prints: /^signed in as U\w+$/m },
  { page: 'README.md', file: 'server-flow.ts', prints: /^authenticated session issued$/m },
  { page: 'docs/offline-testing.md', file: 'test/sign-in.test.ts', prints: /1 passed/ },
];

/** Blocks left out by name, with the reason. */
const skipped = [
  {
    page: 'docs/offline-testing.md',
    file: 'e2e/descope.ts',
    reason:
      'a Playwright Test fixture: @playwright/test is not installed here (the e2e tests use playwright-core)',
  },
];

const pages = pagesOf(root);
const isSkipped = (block: CodeBlock) =>
  skipped.some((skip) => skip.page === block.page && skip.file === block.file);
const blocks = pages.flatMap((page) => blocksOf(root, page)).filter((block) => !isSkipped(block));
let packed: PackedPackage;
let checkDir: string;
let diagnostics: Diagnostic[] = [];

const pathOf = (block: CodeBlock) => join(checkDir, slugOf(block.page), block.file);

beforeAll(async () => {
  packed = buildAndPack();
  for (const name of imported) {
    const link = join(packed.consumer, 'node_modules', name);
    if (existsSync(link) || !existsSync(join(root, 'node_modules', name))) continue;
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), link, 'dir');
  }
  checkDir = join(packed.consumer, 'docs-check');
  for (const block of blocks) writeText(pathOf(block), block.code);
  writeJson(join(checkDir, 'tsconfig.json'), {
    compilerOptions: {
      module: 'esnext',
      moduleResolution: 'bundler',
      target: 'es2022',
      lib: ['es2022', 'dom', 'dom.iterable'],
      jsx: 'react-jsx',
      types: ['node'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      allowImportingTsExtensions: true,
      moduleDetection: 'force',
    },
    include: ['**/*.ts', '**/*.tsx'],
  });
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const result = await runAsync(process.execPath, [tsc, '-p', checkDir, '--pretty', 'false'], checkDir);
  diagnostics = parseDiagnostics(result.output);
}, 180_000);

afterAll(() => {
  if (packed) rmSync(packed.dir, { recursive: true, force: true });
});

describe('code blocks of README.md and docs/*.md', () => {
  it('finds the blocks of every page, named files unique per page; each skipped block exists', () => {
    expect(pages).toContain('README.md');
    expect(blocks.length).toBeGreaterThan(0);
    for (const skip of skipped) {
      const found = blocksOf(root, skip.page).some((block) => block.file === skip.file);
      expect(found, `${skip.page} ${skip.file}`).toBe(true);
    }
    for (const page of pages) {
      const files = blocks.filter((block) => block.page === page).map((block) => block.file);
      expect(new Set(files).size, page).toBe(files.length);
    }
  });

  it.each(pages)('%s: every block type-checks in strict mode against the packed package', (page) => {
    const errors = blocks
      .filter((block) => block.page === page)
      .flatMap((block) => {
        const file = relative(checkDir, pathOf(block));
        return diagnostics
          .filter((diagnostic) => diagnostic.file === file)
          .filter((diagnostic) => !(block.fragment && fragmentLeniency.has(diagnostic.code)))
          .map(
            (diagnostic) =>
              `${page}:${block.line + diagnostic.line - 1} TS${diagnostic.code} ${diagnostic.message}`,
          );
      });
    expect(errors).toEqual([]);
  });

  it('leaves no compiler error outside the blocks', () => {
    const files = new Set(blocks.map((block) => relative(checkDir, pathOf(block))));
    expect(diagnostics.filter((diagnostic) => !files.has(diagnostic.file))).toEqual([]);
  });

  it.runIf(process.features.require_module)(
    'loads with require() from CommonJS where Node can require ES modules, as the README says',
    async () => {
      const script = `const { otpMachine } = require('descope-otp-machine'); console.log(typeof otpMachine.provide);`;
      const { status, output } = await runAsync(process.execPath, ['-e', script], packed.consumer);
      expect({ status, loaded: output.split('\n').includes('function') }, output).toEqual({
        status: 0,
        loaded: true,
      });
    },
  );

  it.each(runnable)(
    'runs $page $file',
    async ({ page, file, prints }) => {
      const block = blocks.find((candidate) => candidate.page === page && candidate.file === file);
      expect(block, `${page} has a block named ${file}`).toBeDefined();
      const dir = join(checkDir, slugOf(page));
      const args = file.endsWith('.test.ts')
        ? [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir, file]
        : ['--import', 'tsx', file];
      const { status, output } = await runAsync(process.execPath, args, dir);
      expect({ status, prints: prints.test(output) }, output).toEqual({ status: 0, prints: true });
    },
    120_000,
  );
});
