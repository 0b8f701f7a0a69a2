/**
 * Live WebSocket connections per user across every server process (ws_sockets in PostgreSQL), so a
 * per-user limit holds cluster-wide. Each process has an id; its rows carry a lease that a heartbeat
 * extends. A socket's row is removed when it closes, all of a process's rows when it shuts down, and
 * the rows of a process that died expire with their lease (and are swept by any live process).
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/pool.js';
import { socketsRepo } from './sockets.repo.js';

export type SocketRegistryOptions = { ttlMs?: number; heartbeatMs?: number };

/** A cluster-wide registry of live sockets: PostgreSQL (this file) or Redis (redis-sockets.ts). */
export interface SocketSlots {
  /** @returns the socket's registry id, or null when the user holds `max` live sockets already. */
  acquire(userId: string, max: number): Promise<string | null>;
  release(id: string): Promise<void>;
  liveCount(userId: string): Promise<number>;
  /** Removes every entry of this process (server shutdown). */
  close(): Promise<void>;
}

export class SocketRegistry implements SocketSlots {
  readonly processId = randomUUID();
  private readonly ttlMs: number;
  private readonly heartbeatMs: number;
  private timer: NodeJS.Timeout | undefined;
  private held = 0;

  constructor(
    private readonly db: Database,
    opts: SocketRegistryOptions = {},
    private readonly log: (m: string) => void = () => undefined,
  ) {
    this.ttlMs = opts.ttlMs ?? 60_000;
    this.heartbeatMs = opts.heartbeatMs ?? 20_000;
  }

  /** @returns the socket's registry id, or null when the user holds `max` live sockets already. */
  async acquire(userId: string, max: number): Promise<string | null> {
    const id = randomUUID();
    const ok = await socketsRepo(this.db).acquire({
      id,
      userId,
      processId: this.processId,
      ttlMs: this.ttlMs,
      max,
    });
    if (!ok) return null;
    this.held++;
    this.timer ??= setInterval(() => void this.beat(), this.heartbeatMs).unref();
    return id;
  }

  async release(id: string): Promise<void> {
    this.held = Math.max(0, this.held - 1);
    await socketsRepo(this.db)
      .release(id)
      .catch((err: Error) => this.log(`sockets: release failed (${err.message})`));
    if (this.held === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  liveCount(userId: string): Promise<number> {
    return socketsRepo(this.db).liveCount(userId);
  }

  /** Extends this process's leases now (the timer does it every heartbeatMs). */
  async beat(): Promise<void> {
    await socketsRepo(this.db)
      .heartbeat(this.processId, this.ttlMs)
      .catch((err: Error) => this.log(`sockets: heartbeat failed (${err.message})`));
  }

  /** Removes every row of this process (server shutdown). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.held = 0;
    await socketsRepo(this.db)
      .releaseProcess(this.processId)
      .catch(() => undefined);
  }
}
