/**
 * buildTestApp(): a fresh database cloned from the migrated template, real deps with a fake clock and
 * an in-memory notifier, and the real Fastify app (use app.inject).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../../app.js';
import { type Config, loadConfig } from '../../config.js';
import { AuthCache } from '../auth/auth-cache.js';
import { FieldCipher } from '../crypto/field.js';
import { KeyRing } from '../crypto/keyring.js';
import { createDatabase } from '../db/pool.js';
import type { Clock, Deps } from '../deps.js';
import { MemoryNotifier } from '../notify/notifier.js';
import { createPubSub } from '../pubsub/index.js';
import { withDatabase } from './urls.js';

export const TEST_MASTER_KEY = Buffer.alloc(32, 7);

export class FakeClock implements Clock {
  constructor(public current = new Date()) {}
  now = () => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export type TestContext = {
  app: FastifyInstance;
  deps: Deps;
  clock: FakeClock;
  notifier: MemoryNotifier;
  dbUrl: string;
  close: () => Promise<void>;
};

/** Creates a database from the template and returns its URL. */
export async function cloneTemplateDatabase(): Promise<string> {
  const admin = inject('pgAdminUrl');
  const name = `uh_t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDb')}`);
  await client.end();
  return withDatabase(admin, name);
}

export async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.end();
}

export type TestAppOptions = {
  env?: Record<string, string>;
  logger?: Parameters<typeof buildApp>[1];
  /** Runs after the real app is built and before ready(): register extra routes or hooks here. */
  beforeReady?: (app: FastifyInstance, deps: Deps) => void | Promise<void>;
  /** Share another test app's database (a second server process); it is then not dropped on close. */
  dbUrl?: string;
};

export async function buildTestApp(overrides: TestAppOptions = {}): Promise<TestContext> {
  const dbUrl = overrides.dbUrl ?? (await cloneTemplateDatabase());
  const config: Config = {
    ...loadConfig({
      NODE_ENV: 'test',
      UNIONHALL_DATA_DIR: '.tmp/test-data',
      // A loaded CI host starves the event loop; lag shedding has its own test (overload.test.ts).
      MAX_EVENT_LOOP_LAG_MS: '600000',
      ...overrides.env,
    }),
    databaseUrl: dbUrl,
    masterKey: TEST_MASTER_KEY,
    masterKeyId: 'test',
  };
  const { db, pool } = createDatabase(dbUrl, 5);
  const ring = await KeyRing.open(db, { current: TEST_MASTER_KEY, currentId: 'test', previous: [] });
  const clock = new FakeClock();
  const notifier = new MemoryNotifier();
  const deps: Deps = {
    config,
    db,
    pool,
    ring,
    cipher: new FieldCipher(ring),
    clock,
    notifier,
    authCache: new AuthCache(config.authCacheTtlMs),
    pubsub: createPubSub(config, pool),
  };
  const app = await buildApp(deps, overrides.logger ?? { logger: false });
  await overrides.beforeReady?.(app, deps);
  await app.ready();
  return {
    app,
    deps,
    clock,
    notifier,
    dbUrl,
    close: async () => {
      await app.close();
      await deps.pubsub.close();
      await db.destroy();
      if (!overrides.dbUrl) await dropDatabase(dbUrl);
    },
  };
}
