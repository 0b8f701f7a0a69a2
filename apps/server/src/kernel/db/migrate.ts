/** Runs forward-only migrations; the same files serve the embedded and external PostgreSQL. */
import { type MigrationProvider, Migrator } from 'kysely';
import { migrations } from '../../migrations/index.js';
import type { Database } from './pool.js';

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Brings the schema up to date. Concurrent starts are serialised by Kysely's migration lock.
 * @throws Error with the failing migration's name.
 */
export async function migrateToLatest(db: Database): Promise<string[]> {
  // Module migrations are numbered per module (0010 cases, 0020 communication, ...), so a newer module
  // can bring a lower number than one already applied; each migration touches only its own tables.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
