import { defineConfig } from 'tsdown';

// Declaration generation is most of a build this small: the timing breakdown is no news.
const checks = { pluginTimings: false };

export default defineConfig([
  {
    entry: { index: 'src/index.ts', server: 'src/server/index.ts' },
    format: 'esm',
    dts: true,
    platform: 'neutral',
    target: 'es2022',
    clean: true,
    checks,
  },
  {
    entry: { testing: 'src/testing/index.ts', inspector: 'src/inspector/index.ts', cli: 'src/cli/main.ts' },
    format: 'esm',
    dts: true,
    platform: 'node',
    target: 'node20',
    fixedExtension: false,
    clean: false,
    checks,
  },
]);
