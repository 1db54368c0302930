import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import react from '@vitejs/plugin-react';
import vue from '@vitejs/plugin-vue';
import type { InlineConfig, PluginOption } from 'vite';

/** The example pages, one folder each under `examples/`. */
export const exampleNames = ['vanilla', 'react', 'vue', 'svelte'] as const;

/** The name of one example page. */
export type ExampleName = (typeof exampleNames)[number];

const examplesDir = fileURLToPath(new URL('.', import.meta.url));
const libraryEntry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

const pluginsFor: Record<ExampleName, () => PluginOption[]> = {
  vanilla: () => [],
  react: () => [react()],
  vue: () => [vue()],
  svelte: () => [svelte({ configFile: false, compilerOptions: { runes: true } })],
};

/** The directory of an example. */
export const exampleRoot = (name: ExampleName): string => `${examplesDir}${name}`;

/**
 * The Vite config of one example: its framework plugin, the `descope-otp-machine` alias to the library
 * source (so nothing needs building first), relative asset URLs and env files read from `examples/`.
 */
export function exampleConfig(name: ExampleName): InlineConfig {
  return {
    root: exampleRoot(name),
    base: './',
    envDir: examplesDir,
    cacheDir: fileURLToPath(new URL(`../node_modules/.vite/examples-${name}`, import.meta.url)),
    plugins: pluginsFor[name](),
    resolve: { alias: [{ find: /^descope-otp-machine$/, replacement: libraryEntry }] },
    server: { host: '127.0.0.1' },
    preview: { host: '127.0.0.1' },
    build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  };
}
