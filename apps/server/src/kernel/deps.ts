/** The plain dependency object built in main.ts / tests and passed down (no DI container). */
import type pg from 'pg';
import type { Config } from '../config.js';
import type { AuthCache } from './auth/auth-cache.js';
import type { FieldCipher } from './crypto/field.js';
import type { KeyRing } from './crypto/keyring.js';
import type { Database } from './db/pool.js';
import type { Notifier } from './notify/notifier.js';
import type { PubSub } from './pubsub/index.js';

export type Clock = { now: () => Date };
export const systemClock: Clock = { now: () => new Date() };

export type Deps = {
  config: Config;
  db: Database;
  pool: pg.Pool;
  ring: KeyRing;
  cipher: FieldCipher;
  clock: Clock;
  notifier: Notifier;
  authCache: AuthCache;
  /** Cross-process pub/sub (PostgreSQL LISTEN/NOTIFY, or Redis when REDIS_URL is set). */
  pubsub: PubSub;
};
