/** Opens the database (embedded or external), migrates it and builds the shared deps. */
import type { Config } from '../config.js';
import { syncBuiltinRoles } from '../modules/identity/index.js';
import { AuthCache } from './auth/auth-cache.js';
import { FieldCipher } from './crypto/field.js';
import { KeyRing } from './crypto/keyring.js';
import { resolveMasterKeys } from './crypto/master.js';
import { acquireDataDirLock, startEmbeddedPostgres } from './db/embedded.js';
import { migrateToLatest } from './db/migrate.js';
import { assertDurableSettings, createDatabase } from './db/pool.js';
import { type Deps, systemClock } from './deps.js';
import { NotificationService } from './notify/service.js';
import { createPubSub } from './pubsub/index.js';

export type Booted = { deps: Deps; databaseUrl: string; close: () => Promise<void> };

/**
 * @throws DataDirLockedError when another process owns the embedded data directory; Error on unsafe
 *   production settings or a failed migration.
 */
export async function boot(
  config: Config,
  log: (m: string) => void,
  opts: { migrate?: boolean } = {},
): Promise<Booted> {
  let url = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let releaseLock: (() => void) | undefined;
  if (!url) {
    releaseLock = acquireDataDirLock(config.dataDir);
    try {
      const server = await startEmbeddedPostgres(config.dataDir, config.embeddedPort, log);
      url = server.url;
      stopEmbedded = server.stop;
    } catch (err) {
      releaseLock();
      throw err;
    }
  }
  const { db, pool } = createDatabase(url);
  let closePubSub: (() => Promise<void>) | undefined;
  const close = async () => {
    await closePubSub?.().catch(() => undefined);
    await db.destroy().catch(() => undefined);
    if (stopEmbedded) await stopEmbedded().catch(() => undefined);
    releaseLock?.();
  };
  try {
    if (config.env === 'production') await assertDurableSettings(pool);
    if (opts.migrate !== false) {
      const applied = await migrateToLatest(db);
      if (applied.length) log(`Applied migrations: ${applied.join(', ')}`);
      await syncBuiltinRoles(db);
    }
    const ring = await KeyRing.open(db, resolveMasterKeys(config, log));
    const deps: Deps = {
      config,
      db,
      pool,
      ring,
      cipher: new FieldCipher(ring),
      clock: systemClock,
      // the service reads deps lazily (db, clock, pubsub), never during construction
      notifier: new NotificationService(() => deps, { outboxDir: config.dataDir }),
      authCache: new AuthCache(config.authCacheTtlMs),
      pubsub: createPubSub(config, pool, log),
    };
    closePubSub = () => deps.pubsub.close();
    return { deps, databaseUrl: url, close };
  } catch (err) {
    await close();
    throw err;
  }
}
