import { defineConfig } from 'vitest/config';

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
          // suite: 182 s -> 12 s). Shared fixture files (*-fixtures.test.ts) then register their own
          // check once per worker rather than once per importing file.
          isolate: false,
        },
      },
    ],
  },
});
