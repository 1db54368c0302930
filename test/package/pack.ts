import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { root } from '../../bench/size.ts';

/** The package built with the repository's tsdown config, packed, and installed in a consumer app. */
export interface PackedPackage {
  /** A scratch directory holding everything below. */
  dir: string;
  /** The package directory that was packed: package.json, README.md, LICENSE and the fresh dist. */
  stage: string;
  tarball: string;
  /** The paths inside the tarball. */
  files: string[];
  /** An ESM app with the tarball extracted as `node_modules/descope-otp-machine`. */
  consumer: string;
}

/** The runtime and type dependencies the consumer gets from the repository's node_modules. */
const linked = ['xstate', 'ofetch', 'jose', 'ws', 'elkjs', '@types/node'];

/** Runs a command and returns its stdout; a failure throws with both output streams. */
export function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** Runs a command in the background and resolves with its exit status and output. */
export function runAsync(command: string, args: string[], cwd: string) {
  return new Promise<{ status: number; output: string }>((resolve) => {
    execFile(command, args, { cwd, encoding: 'utf8' }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ status, output: `${stdout}${stderr}`.trim() });
    });
  });
}

interface PackJson {
  filename: string;
  files: { path: string }[];
}

/** `npm pack --json` of `cwd` without lifecycle scripts; with `destination`, the tarball is written there. */
export function npmPack(cwd: string, destination?: string): PackJson {
  const args = [
    'pack',
    '--json',
    '--ignore-scripts',
    ...(destination ? ['--pack-destination', destination] : ['--dry-run']),
  ];
  return (JSON.parse(run('npm', args, cwd)) as PackJson[])[0]!;
}

export function buildAndPack(): PackedPackage {
  const dir = mkdtempSync(join(tmpdir(), 'otp-package-'));
  const stage = join(dir, 'package');
  mkdirSync(stage);
  for (const file of ['package.json', 'README.md', 'LICENSE'])
    copyFileSync(join(root, file), join(stage, file));
  run(
    join(root, 'node_modules/.bin/tsdown'),
    ['--out-dir', join(stage, 'dist'), '--logLevel', 'error'],
    root,
  );
  const packed = npmPack(stage, dir);
  const tarball = join(dir, packed.filename);

  const consumer = join(dir, 'consumer');
  const installed = join(consumer, 'node_modules/descope-otp-machine');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  for (const name of linked) {
    const link = join(consumer, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), link, 'dir');
  }
  const manifest = { name: 'otp-consumer', private: true, type: 'module' };
  writeJson(join(consumer, 'package.json'), manifest);
  return { dir, stage, tarball, files: packed.files.map((file) => file.path), consumer };
}

export function writeJson(path: string, value: unknown): void {
  writeText(path, `${JSON.stringify(value, null, 2)}\n`);
}

export function writeText(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

export const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
