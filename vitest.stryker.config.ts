import { defineConfig } from 'vitest/config';

/**
 * The tests a mutant runs against: unit and in-process integration tests. Browser, terminal-program,
 * two-process and package tests are left out (too slow per mutant, or they run the built package).
 * `STRYKER_TESTS` (comma-separated paths) narrows them further for a quick run. Each property runs
 * `FC_NUM_RUNS` times (100 unless set), as every mutant covered by a property runs it again.
 */
const narrowed = process.env.STRYKER_TESTS?.split(',').filter(Boolean);

export default defineConfig({
  test: {
    include: narrowed?.length ? narrowed : ['test/**/*.test.ts'],
    exclude: [
      'test/e2e/**',
      'test/cli/**',
      'test/package/**',
      'test/server/instances.test.ts',
      'test/testing/command.test.ts',
      '**/node_modules/**',
    ],
    env: { FC_NUM_RUNS: process.env.FC_NUM_RUNS ?? '100' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    expect: { requireAssertions: true },
  },
});
