import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowApp, measureBundle, ownCode, ownCodeBudgetBytes, root, thirdParty } from '../../bench/size.ts';
import { inspectorConsumer, runtimeConsumer, tsconfigFor, typesConsumer } from './consumer.ts';
import {
  buildAndPack,
  npmPack,
  type PackedPackage,
  readJson,
  run,
  runAsync,
  writeJson,
  writeText,
} from './pack.ts';

interface Manifest {
  version: string;
  type?: string;
  exports: Record<string, string | { types?: string; default?: string }>;
  bin?: Record<string, string>;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

interface AttwProblem {
  kind: string;
  entrypoint?: string;
  resolutionKind?: string;
}

interface AttwReport {
  problems?: Record<string, AttwProblem[]>;
  analysis: {
    entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName: string } }> }>;
  };
}

const manifest = readJson<Manifest>(join(root, 'package.json'));
const isPublishable = (path: string) =>
  path === 'package.json' || path === 'README.md' || path === 'LICENSE' || path.startsWith('dist/');
const distFiles = ['dist/index.js', 'dist/index.d.ts', 'dist/testing.js', 'dist/testing.d.ts', 'dist/cli.js'];

let packed: PackedPackage;

beforeAll(() => {
  packed = buildAndPack();
}, 120_000);

afterAll(() => {
  if (packed) rmSync(packed.dir, { recursive: true, force: true });
});

describe('package manifest', () => {
  it('exports the main entry and ./testing, each with types first', () => {
    for (const subpath of ['.', './testing']) {
      const target = manifest.exports[subpath];
      expect(target, subpath).toMatchObject({
        types: expect.stringMatching(/\.d\.ts$/),
        default: expect.any(String),
      });
      expect(Object.keys(target as object)[0], subpath).toBe('types');
    }
  });

  it('is ESM for Node >= 20 with xstate as a peer dependency', () => {
    expect(manifest.type).toBe('module');
    expect(manifest.engines?.node).toBe('>=20');
    expect(manifest.peerDependencies?.xstate).toMatch(/^\^5\./);
    expect(manifest.dependencies?.xstate).toBeUndefined();
  });
});

describe('packed package', () => {
  it('holds only dist, README.md, LICENSE and package.json, with every entry built', () => {
    expect(packed.files.filter((path) => !isPublishable(path))).toEqual([]);
    expect(packed.files).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'LICENSE', ...distFiles]),
    );
    const fromRepository = npmPack(root).files.map((file) => file.path);
    expect(fromRepository.filter((path) => !isPublishable(path))).toEqual([]);
  });

  it('is publint clean', async () => {
    const tarball = new Uint8Array(readFileSync(packed.tarball)).buffer;
    const { messages, pkg } = await publint({ pack: { tarball }, strict: true });
    expect(messages.map((message) => `${message.type}: ${formatMessage(message, pkg)}`)).toEqual([]);
  });

  // The package is ESM only ("type": "module", no "require" condition): a CommonJS `require` reaching ESM
  // (cjs-resolves-to-esm) is by design, and node10 resolution, which has no "exports", is out of scope
  // (the node16 profile).
  it('has types that resolve everywhere (arethetypeswrong, node16 profile)', () => {
    const cli = join(root, 'node_modules/.bin/attw');
    const args = [
      packed.tarball,
      '--format',
      'json',
      '--profile',
      'node16',
      '--ignore-rules',
      'cjs-resolves-to-esm',
    ];
    const result = spawnSync(cli, args, { cwd: packed.dir, encoding: 'utf8' });
    const report = JSON.parse(result.stdout) as AttwReport;
    const problems = Object.values(report.problems ?? {})
      .flat()
      .filter((problem) => problem.resolutionKind !== 'node10' && problem.kind !== 'CJSResolvesToESM');
    expect(problems).toEqual([]);
    expect(result.status, result.stderr).toBe(0);
    for (const entrypoint of ['.', './testing']) {
      for (const kind of ['node16-esm', 'bundler']) {
        const resolved = report.analysis.entrypoints[entrypoint]?.resolutions[kind]?.resolution?.fileName;
        expect(resolved, `${entrypoint} (${kind})`).toMatch(/\/dist\/[a-z]+\.d\.ts$/);
      }
    }
  });

  it('type-checks a consumer with moduleResolution bundler and node16', async () => {
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    const results = await Promise.all(
      (['bundler', 'node16'] as const).map(async (resolution) => {
        const dir = join(packed.consumer, `types-${resolution}`);
        writeText(join(dir, 'consumer.ts'), typesConsumer);
        writeJson(join(dir, 'tsconfig.json'), tsconfigFor(resolution));
        writeJson(join(dir, 'package.json'), { name: `types-${resolution}`, private: true, type: 'module' });
        const { status, output } = await runAsync(process.execPath, [tsc, '-p', dir], dir);
        return { resolution, status, output };
      }),
    );
    expect(results).toEqual([
      { resolution: 'bundler', status: 0, output: '' },
      { resolution: 'node16', status: 0, output: '' },
    ]);
  }, 90_000);

  it('runs a whole flow in an ESM app against the packed test server', () => {
    writeText(join(packed.consumer, 'app.mjs'), runtimeConsumer);
    const output = JSON.parse(run(process.execPath, ['app.mjs'], packed.consumer).trim()) as {
      resolved: string[];
      status: string;
      sessionJwt: string;
      paths: string[];
    };
    const installed = `file://${join(packed.consumer, 'node_modules/descope-otp-machine/dist')}/`;
    expect(output.resolved).toEqual([`${installed}index.js`, `${installed}testing.js`]);
    expect(output).toMatchObject({ status: 'authenticated', sessionJwt: 'string' });
    expect(output.paths).toEqual(['/v1/auth/otp/signup-in/email', '/v1/auth/otp/verify/email']);
  });

  it('serves the inspector page and its layout script (elkjs, a dependency) from the installed package', () => {
    writeText(join(packed.consumer, 'inspector.mjs'), inspectorConsumer);
    const output = JSON.parse(run(process.execPath, ['inspector.mjs'], packed.consumer).trim()) as unknown;
    expect(output).toEqual({ page: 200, layout: 200, elk: true });
  });

  it('ships the own code of the size budget: a flow from the packed package measures as from source', async () => {
    const [shipped, source] = await Promise.all([
      measureBundle({ contents: flowApp, resolveDir: packed.consumer, external: thirdParty }),
      measureBundle(ownCode),
    ]);
    expect(shipped.gzipBytes).toBeLessThanOrEqual(ownCodeBudgetBytes);
    expect(Math.abs(shipped.gzipBytes - source.gzipBytes) / source.gzipBytes).toBeLessThan(0.03);
    const inputs = Object.keys(shipped.metafile.inputs).filter(
      (path) => path !== 'app.js' && !path.endsWith('/app.js'),
    );
    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs.filter((path) => !path.includes('node_modules/descope-otp-machine/dist/'))).toEqual([]);
  });

  it('ships an executable CLI for every bin name', () => {
    const installed = join(packed.consumer, 'node_modules/descope-otp-machine');
    for (const path of Object.values(manifest.bin ?? {})) {
      expect(statSync(join(installed, path)).mode & 0o111, path).not.toBe(0);
      expect(run(process.execPath, [join(installed, path), '--version'], packed.consumer).trim()).toBe(
        manifest.version,
      );
    }
  });
});
