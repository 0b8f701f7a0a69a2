/** Production refuses a PostgreSQL that could lose acknowledged commits (SECURITY.md, durability). */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestContext } from '../testing/test-app.js';
import { assertDurableSettings } from './pool.js';

const fakePool = (settings: Record<string, string>) =>
  ({
    query: async () => ({ rows: Object.entries(settings).map(([name, setting]) => ({ name, setting })) }),
  }) as unknown as pg.Pool;

let ctx: TestContext;
beforeAll(async () => {
  ctx = await buildTestApp();
});
afterAll(() => ctx.close());

describe('durable settings check', () => {
  it('accepts the real test server (fsync and synchronous_commit on)', async () => {
    await expect(assertDurableSettings(ctx.deps.pool)).resolves.toBeUndefined();
  });

  it('refuses fsync = off and synchronous_commit = off, naming them', async () => {
    await expect(assertDurableSettings(fakePool({ fsync: 'off', synchronous_commit: 'on' }))).rejects.toThrow(
      /fsync = off/,
    );
    await expect(assertDurableSettings(fakePool({ fsync: 'on', synchronous_commit: 'off' }))).rejects.toThrow(
      /synchronous_commit = off/,
    );
  });
});
