/** Builds the configured PubSub: Redis when REDIS_URL is set, PostgreSQL LISTEN/NOTIFY otherwise. */
import type pg from 'pg';
import { PgPubSub } from './pg-pubsub.js';
import type { PubSub } from './pubsub.js';
import { RedisPubSub } from './redis-pubsub.js';

export type { PubSub, PubSubHandler } from './pubsub.js';
export { MAX_MESSAGE_BYTES, publishToUsers, USERS_CHANNEL } from './pubsub.js';

export function createPubSub(
  config: { redisUrl: string | undefined },
  pool: pg.Pool,
  log?: (m: string) => void,
): PubSub {
  return config.redisUrl ? new RedisPubSub(config.redisUrl, log) : new PgPubSub(pool, log);
}
