import { defineConfig } from 'vitest/config';

// One Temporal dev server, one Postgres and one mail sink per run (test/support/globalSetup.ts);
// test files run one at a time in forked processes because the machines have 2 cores and the
// files share those servers.
export default defineConfig({
  test: {
    pool: 'forks',
    fileParallelism: false,
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
