/**
 * The cluster-wide socket registry in Redis (used when REDIS_URL is set): one sorted set per user,
 * `uh:ws:<userId>`, members = socket ids, scores = lease expiry in Redis server time (ms). Taking a
 * slot is one Lua script (drop expired, count, add), so two processes cannot both take the last one.
 * A heartbeat extends this process's leases; a dead process's entries expire with their lease.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { SocketSlots } from './sockets.js';

const PREFIX = 'uh:ws:';
const NOW = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;
const ACQUIRE = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) * 2)
return 1`;
const HEARTBEAT = `${NOW}
local ttl = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, 'XX', now + ttl, ARGV[i + 1])
  redis.call('PEXPIRE', key, ttl * 2)
end
return #KEYS`;
const COUNT = `${NOW}
return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')`;

export class RedisSocketRegistry implements SocketSlots {
  private readonly redis: Redis;
  private readonly ttlMs: number;
  private readonly heartbeatMs: number;
  private readonly held = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    url: string,
    opts: { ttlMs?: number; heartbeatMs?: number } = {},
    private readonly log: (m: string) => void = () => undefined,
  ) {
    this.redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
    this.redis.on('error', (err: Error) => this.log(`sockets: redis ${err.message}`));
    this.ttlMs = opts.ttlMs ?? 60_000;
    this.heartbeatMs = opts.heartbeatMs ?? 20_000;
  }

  async acquire(userId: string, max: number): Promise<string | null> {
    const id = randomUUID();
    const ok = await this.redis.eval(ACQUIRE, 1, `${PREFIX}${userId}`, id, max, this.ttlMs);
    if (Number(ok) !== 1) return null;
    this.held.set(id, userId);
    this.timer ??= setInterval(() => void this.beat(), this.heartbeatMs).unref();
    return id;
  }

  async release(id: string): Promise<void> {
    const userId = this.held.get(id);
    this.held.delete(id);
    if (userId)
      await this.redis
        .zrem(`${PREFIX}${userId}`, id)
        .catch((err: Error) => this.log(`sockets: release failed (${err.message})`));
    if (this.held.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  async liveCount(userId: string): Promise<number> {
    return Number(await this.redis.eval(COUNT, 1, `${PREFIX}${userId}`));
  }

  async beat(): Promise<void> {
    if (this.held.size === 0) return;
    const entries = [...this.held];
    await this.redis
      .eval(
        HEARTBEAT,
        entries.length,
        ...entries.map(([, u]) => `${PREFIX}${u}`),
        this.ttlMs,
        ...entries.map(([id]) => id),
      )
      .catch((err: Error) => this.log(`sockets: heartbeat failed (${err.message})`));
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const entries = [...this.held];
    this.held.clear();
    if (entries.length) {
      const p = this.redis.pipeline();
      for (const [id, u] of entries) p.zrem(`${PREFIX}${u}`, id);
      await p.exec().catch(() => undefined);
    }
    this.redis.disconnect();
  }
}
