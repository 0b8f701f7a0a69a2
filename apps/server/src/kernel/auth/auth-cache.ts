/**
 * In-process cache of resolved sessions and of each user's /api/me view, so an authenticated read
 * costs no database round trip. Correctness does not depend on the TTL:
 *  - services evict a user's entries synchronously when they change sessions, accounts or grants;
 *  - database triggers send NOTIFY 'uh_auth' with the user id on every change to sessions, users and
 *    grants (delivered at commit), and every server process evicts on receipt;
 *  - idle and absolute timeouts are checked against the clock on every hit.
 * The TTL only bounds how long a process that lost its LISTEN connection could serve stale state.
 */
import type pg from 'pg';

export type CachedSession = {
  idHash: string;
  userId: string;
  username: string;
  displayName: string;
  orgId: string;
  status: 'active' | 'disabled';
  mfaEnabled: boolean;
  isOfficer: boolean;
  mfaPassed: boolean;
  reauthAt: Date | null;
  lastSeenAt: Date;
  expiresAt: Date;
};

type Entry<T> = { value: T; at: number };

export class AuthCache {
  private readonly sessions = new Map<string, Entry<CachedSession>>();
  private readonly views = new Map<string, Entry<unknown>>();
  private readonly byUser = new Map<string, Set<string>>();

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries = 50_000,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  getSession(idHash: string): CachedSession | undefined {
    const e = this.sessions.get(idHash);
    if (!e) return undefined;
    if (performance.now() - e.at > this.ttlMs) {
      this.sessions.delete(idHash);
      return undefined;
    }
    return e.value;
  }

  setSession(s: CachedSession): void {
    if (!this.enabled) return;
    if (this.sessions.size >= this.maxEntries) this.clear();
    this.sessions.set(s.idHash, { value: s, at: performance.now() });
    const set = this.byUser.get(s.userId) ?? new Set<string>();
    set.add(s.idHash);
    this.byUser.set(s.userId, set);
  }

  /** A per-user derived view (e.g. the /api/me payload), dropped with the user's sessions. */
  getView<T>(userId: string): T | undefined {
    const e = this.views.get(userId);
    if (!e || performance.now() - e.at > this.ttlMs) return undefined;
    return e.value as T;
  }

  setView(userId: string, value: unknown): void {
    if (!this.enabled) return;
    if (this.views.size >= this.maxEntries) this.views.clear();
    this.views.set(userId, { value, at: performance.now() });
  }

  evictSession(idHash: string): void {
    this.sessions.delete(idHash);
  }

  evictUser(userId: string): void {
    for (const h of this.byUser.get(userId) ?? []) this.sessions.delete(h);
    this.byUser.delete(userId);
    this.views.delete(userId);
  }

  clear(): void {
    this.sessions.clear();
    this.views.clear();
    this.byUser.clear();
  }
}

/**
 * Listens for `uh_auth` notifications on a dedicated connection and evicts accordingly. Reconnects
 * after a lost connection (clearing the cache, since notifications may have been missed).
 */
export async function listenForAuthChanges(pool: pg.Pool, cache: AuthCache): Promise<() => Promise<void>> {
  let client: pg.PoolClient | undefined;
  let stopped = false;
  const connect = async (): Promise<void> => {
    try {
      client = await pool.connect();
      client.on('notification', (msg) => {
        if (msg.channel !== 'uh_auth' || !msg.payload) return;
        if (msg.payload === '*') cache.clear();
        else cache.evictUser(msg.payload);
      });
      client.on('error', () => {
        if (stopped) return;
        cache.clear();
        client?.release(true);
        client = undefined;
        if (!stopped) setTimeout(() => void connect(), 1000).unref();
      });
      await client.query('LISTEN uh_auth');
    } catch {
      cache.clear();
      if (!stopped) setTimeout(() => void connect(), 1000).unref();
    }
  };
  if (cache.enabled) await connect();
  return async () => {
    stopped = true;
    const c = client;
    client = undefined;
    if (c) {
      await c.query('UNLISTEN uh_auth').catch(() => undefined);
      c.removeAllListeners('notification');
      c.release();
    }
  };
}
