import { configDefaults, defineConfig } from 'vitest/config';

// Two projects: pure packages (no database) and the server (real PostgreSQL, one database per test file).
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'packages',
          include: ['packages/*/src/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'web',
          include: ['apps/web/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['apps/server/src/**/*.test.ts'],
          globalSetup: ['apps/server/src/kernel/testing/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
          // Test files share a worker's module cache: every file still gets its own database, and the
          // server's modules are imported once per worker instead of once per file (import time of the
          // suite: 182 s -> 12 s). Test files that other test files import (fixtures, fakes, the
          // modules' scope cases the sweeps load) are therefore not run as files of their own: once
          // imported, a cached module would register nothing ("No test suite found"). Their own
          // checks run inside the first file of each worker that imports them.
          isolate: false,
          exclude: [
            ...configDefaults.exclude,
            '**/*-fixtures.test.ts',
            '**/*.scope-cases.test.ts',
            '**/platform-fakes.test.ts',
          ],
        },
      },
    ],
  },
});
