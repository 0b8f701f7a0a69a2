/**
 * SQL of the org-group sync: the desired (account, org node) pairs come from the member registry
 * (members module), joined to active accounts; rooms and memberships follow in three set-based
 * statements, each idempotent.
 */
import { type SqlBool, sql } from 'kysely';
import type { Database } from '../../kernel/db/pool.js';
import { placedAccountsQuery, registryAccountsQuery } from '../members/index.js';

export function orgSyncRepo(db: Database) {
  /** Placed members with an active account, optionally limited to some accounts. */
  const desired = (userIds?: string[]) => {
    let q = placedAccountsQuery(db)
      .innerJoin('users as du', 'du.id', 'lm.user_id')
      .where('du.status', '=', 'active');
    if (userIds) q = q.where('lm.user_id', 'in', userIds);
    return q;
  };

  return {
    /** Creates the org room of every node that has placed members but no room yet. */
    async createMissingRooms(userIds?: string[]): Promise<number> {
      const r = await db
        .insertInto('chat_rooms')
        .columns(['kind', 'name', 'org_id'])
        .expression(
          db
            .selectFrom('orgs as o')
            .where('o.id', 'in', desired(userIds).clearSelect().select('lm.org_id'))
            .where((eb) =>
              eb.not(
                eb.exists(
                  eb
                    .selectFrom('chat_rooms as r')
                    .where('r.kind', '=', 'org')
                    .whereRef('r.org_id', '=', 'o.id')
                    .select('r.id'),
                ),
              ),
            )
            .select([sql<'org'>`'org'`.as('kind'), 'o.name', 'o.id']),
        )
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0);
    },

    /**
     * Adds missing memberships. A new member starts with the history marked as read, so joining
     * never triggers reminders about old messages.
     */
    joinMissing(userIds?: string[]) {
      return db
        .insertInto('chat_members')
        .columns(['room_id', 'user_id', 'role', 'last_read_seq', 'notified_seq'])
        .expression(
          desired(userIds)
            .innerJoin('chat_rooms as r', (j) =>
              j.onRef('r.org_id', '=', 'lm.org_id').on('r.kind', '=', 'org'),
            )
            .where((eb) =>
              eb.not(
                eb.exists(
                  eb
                    .selectFrom('chat_members as cm')
                    .whereRef('cm.room_id', '=', 'r.id')
                    .whereRef('cm.user_id', '=', 'lm.user_id')
                    .select('cm.user_id'),
                ),
              ),
            )
            .clearSelect()
            .select([
              'r.id',
              'lm.user_id',
              sql<'member'>`'member'`.as('role'),
              'r.last_seq',
              'r.last_seq as ns',
            ]),
        )
        .onConflict((oc) => oc.doNothing())
        .returning(['room_id', 'user_id'])
        .execute();
    },

    /**
     * Removes registry-governed accounts from org rooms of nodes where they are no longer placed.
     * Accounts without any member record (e.g. staff-only accounts) are left alone.
     */
    removeStale(userIds?: string[]) {
      let q = db
        .deleteFrom('chat_members as cm')
        .using('chat_rooms as r')
        .whereRef('r.id', '=', 'cm.room_id')
        .where('r.kind', '=', 'org')
        .where('cm.user_id', 'in', registryAccountsQuery(db))
        .where((eb) =>
          eb.not(
            eb.exists(
              desired()
                .where(sql<SqlBool>`lm.user_id = cm.user_id`)
                .where(sql<SqlBool>`lm.org_id = r.org_id`)
                .clearSelect()
                .select('lm.org_id'),
            ),
          ),
        );
      if (userIds) q = q.where('cm.user_id', 'in', userIds);
      return q.returning(['cm.room_id', 'cm.user_id']).execute();
    },

    /** The org room of the node where the account is placed, if any. */
    placedRoom(userId: string) {
      return desired([userId])
        .innerJoin('chat_rooms as r', (j) => j.onRef('r.org_id', '=', 'lm.org_id').on('r.kind', '=', 'org'))
        .clearSelect()
        .select('r.id')
        .executeTakeFirst();
    },

    async isRegistryAccount(userId: string): Promise<boolean> {
      const r = await registryAccountsQuery(db).where('rm.user_id', '=', userId).executeTakeFirst();
      return Boolean(r);
    },
  };
}
