/** All SQL of the cluster-wide socket registry (ws_sockets). Times are the database's own clock. */
import { sql } from 'kysely';
import type { Database } from '../db/pool.js';

export function socketsRepo(db: Database) {
  return {
    /**
     * Registers a socket unless the user already holds `max` live ones on any process. Serialised per
     * user by a transaction-level advisory lock, so two processes cannot both take the last slot.
     * @returns whether the socket was registered
     */
    async acquire(s: { id: string; userId: string; processId: string; ttlMs: number; max: number }) {
      return db.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`ws:${s.userId}`}, 0))`.execute(trx);
        const { n } = await trx
          .selectFrom('ws_sockets')
          .where('user_id', '=', s.userId)
          .where('expires_at', '>', sql<Date>`now()`)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow();
        if (Number(n) >= s.max) return false;
        await trx
          .insertInto('ws_sockets')
          .values({
            id: s.id,
            user_id: s.userId,
            process_id: s.processId,
            expires_at: sql<Date>`now() + ${s.ttlMs} * interval '1 millisecond'`,
          })
          .execute();
        return true;
      });
    },

    release(id: string) {
      return db.deleteFrom('ws_sockets').where('id', '=', id).execute();
    },

    /** Extends the lease of this process's sockets and drops every expired one (dead processes). */
    async heartbeat(processId: string, ttlMs: number): Promise<void> {
      await db
        .updateTable('ws_sockets')
        .set({ expires_at: sql<Date>`now() + ${ttlMs} * interval '1 millisecond'` })
        .where('process_id', '=', processId)
        .execute();
      await db.deleteFrom('ws_sockets').where('expires_at', '<', sql<Date>`now()`).execute();
    },

    releaseProcess(processId: string) {
      return db.deleteFrom('ws_sockets').where('process_id', '=', processId).execute();
    },

    async liveCount(userId: string): Promise<number> {
      const r = await db
        .selectFrom('ws_sockets')
        .where('user_id', '=', userId)
        .where('expires_at', '>', sql<Date>`now()`)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
