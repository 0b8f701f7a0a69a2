/**
 * Vitest global setup for server tests: one PostgreSQL (the embedded server, or DATABASE_URL when set,
 * as CI does for PostgreSQL 15), one migrated template database; each test file clones its own.
 */
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../db/migrate.js';
import { createDatabase } from '../db/pool.js';
import { syncBuiltinRoles } from '../../modules/identity/index.js';
import { startTestPostgres } from './embedded-test-server.js';
import { adminUrl, withDatabase } from './urls.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    templateDb: string;
  }
}

export default async function setup(project: TestProject) {
  let baseUrl = process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!baseUrl) {
    const server = await startTestPostgres();
    baseUrl = server.url;
    stop = server.stop;
  }
  const admin = adminUrl(baseUrl);
  const template = `uh_template_${process.pid}`;
  const { pool } = createDatabase(admin, 2);
  await pool.query(`DROP DATABASE IF EXISTS ${template}`);
  await pool.query(`CREATE DATABASE ${template}`);
  const { db } = createDatabase(withDatabase(admin, template), 2);
  await migrateToLatest(db);
  await syncBuiltinRoles(db);
  await db.destroy();
  project.provide('pgAdminUrl', admin);
  project.provide('templateDb', template);
  return async () => {
    await pool.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => undefined);
    await pool.end();
    await stop?.();
  };
}
