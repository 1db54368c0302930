import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

/** The repository root. */
export const root = fileURLToPath(new URL('..', import.meta.url));

/** A bundle measured the way an app bundler ships it: minified ESM for the browser. */
export interface BundleSize {
  minifiedBytes: number;
  gzipBytes: number;
  metafile: Metafile;
}

/** What to bundle: an entry file, or module source resolved from `resolveDir`. */
export type BundleSource =
  | { entry: string; external?: string[]; alias?: Record<string, string> }
  | { contents: string; resolveDir?: string; external?: string[]; alias?: Record<string, string> };

/** Bundles, minifies and gzips `source` with esbuild. */
export async function measureBundle(source: BundleSource): Promise<BundleSize> {
  const result = await build({
    ...('entry' in source
      ? { entryPoints: [source.entry] }
      : {
          stdin: {
            contents: source.contents,
            resolveDir: source.resolveDir ?? root,
            sourcefile: 'app.js',
            loader: 'js' as const,
          },
        }),
    absWorkingDir: root,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: source.external ?? [],
    alias: source.alias ?? {},
  });
  const code = result.outputFiles[0]!.contents;
  return { minifiedBytes: code.byteLength, gzipBytes: gzipSync(code).byteLength, metafile: result.metafile };
}

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

/** Every package the library depends on (`xstate`, `ofetch`, ...): left to the app in the own-code size. */
export const thirdParty = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });

/** An app that imports what a flow needs from the package. */
export const flowApp =
  "import { otpMachine, connect } from 'descope-otp-machine';\nconsole.log(otpMachine, connect);\n";
const packageAlias = { 'descope-otp-machine': './src/index.ts' };

/** The most the library's own code for a flow may weigh, minified and gzipped: 6 KiB. */
export const ownCodeBudgetBytes = 6 * 1024;

/** The library's own code an app ships for a flow (`otpMachine` + `connect`), every dependency left to the app. */
export const ownCode: BundleSource = { contents: flowApp, alias: packageAlias, external: thirdParty };

/** Everything the main entry exports (persistence and redaction included), every dependency left to the app. */
export const ownEntry = (entry = 'src/index.ts'): BundleSource => ({ entry, external: thirdParty });

/** What an app ships for a flow: everything bundled, the package resolved to `src/index.ts`. */
export const fullApp: BundleSource = { contents: flowApp, alias: packageAlias };

/** An app that ships Descope's own SDK package `name` (its default export) for comparison. */
export const descopeSdk = (name: string): BundleSource => ({
  contents: `import createSdk from '${name}';\nconsole.log(createSdk);\n`,
});

/** The bundled input modules, largest first, in minified output bytes. */
export function largestModules(metafile: Metafile, count = 10): { path: string; bytes: number }[] {
  const inputs = Object.values(metafile.outputs)[0]?.inputs ?? {};
  return Object.entries(inputs)
    .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
}
