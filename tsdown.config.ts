import { defineConfig } from 'tsdown';

export default defineConfig([
  {
    entry: { index: 'src/index.ts', server: 'src/server/index.ts' },
    format: 'esm',
    dts: true,
    platform: 'neutral',
    target: 'es2022',
    clean: true,
  },
  {
    entry: { testing: 'src/testing/index.ts', inspector: 'src/inspector/index.ts', cli: 'src/cli/main.ts' },
    format: 'esm',
    dts: true,
    platform: 'node',
    target: 'node20',
    fixedExtension: false,
    clean: false,
  },
]);
