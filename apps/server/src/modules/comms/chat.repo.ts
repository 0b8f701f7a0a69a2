/** All SQL of the chat tables (chat_rooms, chat_members, chat_messages). */
import { sql } from 'kysely';
import type { Database } from '../../kernel/db/pool.js';

export type MessageRow = {
  id: string;
  room_id: string;
  seq: number;
  sender_id: string | null;
  sender_name: string | null;
  body: string;
  created_at: Date;
  client_id: string | null;
};

const messageColumns = [
  'm.id',
  'm.room_id',
  'm.seq',
  'm.sender_id',
  'u.display_name as sender_name',
  'm.body',
  'm.created_at',
  'm.client_id',
] as const;

export function chatRepo(db: Database) {
  return {
    /** The caller's membership, or undefined (then the room answers 404). */
    membership(roomId: string, userId: string) {
      return db
        .selectFrom('chat_members as cm')
        .innerJoin('chat_rooms as r', 'r.id', 'cm.room_id')
        .where('cm.room_id', '=', roomId)
        .where('cm.user_id', '=', userId)
        .select(['r.id', 'r.kind', 'r.name', 'r.last_seq', 'cm.role', 'cm.last_read_seq'])
        .executeTakeFirst();
    },

    roomIdsOf(userId: string) {
      return db.selectFrom('chat_members').where('user_id', '=', userId).select('room_id').execute();
    },

    memberIds(roomId: string) {
      return db
        .selectFrom('chat_members')
        .where('room_id', '=', roomId)
        .select(['user_id', 'last_read_seq'])
        .execute();
    },

    listRooms(userId: string) {
      return db
        .selectFrom('chat_members as cm')
        .innerJoin('chat_rooms as r', 'r.id', 'cm.room_id')
        .where('cm.user_id', '=', userId)
        .select([
          'r.id',
          'r.kind',
          'r.name',
          'r.org_id',
          'r.last_seq',
          'r.last_message_at',
          'cm.role',
          'cm.last_read_seq',
          // a direct room is named after the other person
          (eb) =>
            eb
              .selectFrom('chat_members as o')
              .innerJoin('users as ou', 'ou.id', 'o.user_id')
              .whereRef('o.room_id', '=', 'r.id')
              .where('o.user_id', '<>', userId)
              .where('r.kind', '=', 'direct')
              .select('ou.display_name')
              .limit(1)
              .as('peer_name'),
        ])
        .orderBy(sql`r.last_message_at DESC NULLS LAST`)
        .orderBy('r.created_at', 'desc')
        .execute();
    },

    userBrief(userId: string) {
      return db
        .selectFrom('users')
        .where('id', '=', userId)
        .where('status', '=', 'active')
        .select(['id', 'display_name', 'org_id'])
        .executeTakeFirst();
    },

    orgName(orgId: string) {
      return db.selectFrom('orgs').where('id', '=', orgId).select(['id', 'name']).executeTakeFirst();
    },

    orgRoom(orgId: string) {
      return db
        .selectFrom('chat_rooms')
        .where('kind', '=', 'org')
        .where('org_id', '=', orgId)
        .select('id')
        .executeTakeFirst();
    },

    async insertRoom(row: {
      kind: 'direct' | 'org' | 'custom';
      name: string;
      org_id: string | null;
      direct_key: string | null;
      created_by: string | null;
    }): Promise<string | undefined> {
      const r = await db
        .insertInto('chat_rooms')
        .values(row)
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      return r?.id;
    },

    directRoom(key: string) {
      return db.selectFrom('chat_rooms').where('direct_key', '=', key).select('id').executeTakeFirst();
    },

    /** @returns whether the user was not a member before. */
    async addMember(roomId: string, userId: string, role: 'owner' | 'member'): Promise<boolean> {
      const r = await db
        .insertInto('chat_members')
        .values({ room_id: roomId, user_id: userId, role })
        .onConflict((oc) => oc.columns(['room_id', 'user_id']).doNothing())
        .returning('user_id')
        .executeTakeFirst();
      return r !== undefined;
    },

    removeMember(roomId: string, userId: string) {
      return db
        .deleteFrom('chat_members')
        .where('room_id', '=', roomId)
        .where('user_id', '=', userId)
        .execute();
    },

    /** Takes the room's next seq under its row lock (held until commit: seq order = commit order). */
    async nextSeq(roomId: string, at: Date): Promise<number> {
      const r = await db
        .updateTable('chat_rooms')
        .set((eb) => ({ last_seq: eb('last_seq', '+', 1), last_message_at: at }))
        .where('id', '=', roomId)
        .returning('last_seq')
        .executeTakeFirstOrThrow();
      return r.last_seq;
    },

    byClientId(roomId: string, senderId: string, clientId: string) {
      return db
        .selectFrom('chat_messages as m')
        .leftJoin('users as u', 'u.id', 'm.sender_id')
        .where('m.room_id', '=', roomId)
        .where('m.sender_id', '=', senderId)
        .where('m.client_id', '=', clientId)
        .select(messageColumns)
        .executeTakeFirst() as Promise<MessageRow | undefined>;
    },

    insertMessage(row: {
      room_id: string;
      seq: number;
      sender_id: string;
      client_id: string | null;
      body: string;
      created_at: Date;
    }) {
      return db.insertInto('chat_messages').values(row).returning('id').executeTakeFirstOrThrow();
    },

    /** Messages after `afterSeq` (ascending), or before `beforeSeq` (the newest `limit`, ascending). */
    async messages(
      roomId: string,
      opts: { afterSeq?: number; beforeSeq?: number; limit: number },
    ): Promise<MessageRow[]> {
      let q = db
        .selectFrom('chat_messages as m')
        .leftJoin('users as u', 'u.id', 'm.sender_id')
        .where('m.room_id', '=', roomId)
        .select(messageColumns)
        .limit(opts.limit);
      if (opts.afterSeq !== undefined)
        return (await q.where('m.seq', '>', opts.afterSeq).orderBy('m.seq', 'asc').execute()) as MessageRow[];
      if (opts.beforeSeq !== undefined) q = q.where('m.seq', '<', opts.beforeSeq);
      const rows = (await q.orderBy('m.seq', 'desc').execute()) as MessageRow[];
      return rows.reverse();
    },

    markRead(roomId: string, userId: string, seq: number) {
      return db
        .updateTable('chat_members')
        .set({
          last_read_seq: sql<number>`GREATEST(last_read_seq, LEAST(${seq}::bigint, (SELECT last_seq FROM chat_rooms WHERE id = ${roomId})))`,
        })
        .where('room_id', '=', roomId)
        .where('user_id', '=', userId)
        .returning('last_read_seq')
        .executeTakeFirst();
    },
  };
}

/** Members with messages unread for a while and not yet reminded (offline notification job). */
export function chatReminderRepo(db: Database) {
  return {
    dueReminders(olderThan: Date, limit: number) {
      return db
        .selectFrom('chat_members as cm')
        .innerJoin('chat_rooms as r', 'r.id', 'cm.room_id')
        .whereRef('cm.last_read_seq', '<', 'r.last_seq')
        .whereRef('cm.notified_seq', '<', 'r.last_seq')
        .where('r.last_message_at', '<', olderThan)
        .select(['cm.room_id', 'cm.user_id', 'r.kind', 'r.name', 'r.last_seq', 'cm.last_read_seq'])
        .limit(limit)
        .execute();
    },
    lastSender(roomId: string, seq: number) {
      return db
        .selectFrom('chat_messages as m')
        .leftJoin('users as u', 'u.id', 'm.sender_id')
        .where('m.room_id', '=', roomId)
        .where('m.seq', '=', seq)
        .select(['u.display_name'])
        .executeTakeFirst();
    },
    markNotified(roomId: string, userId: string, seq: number) {
      return db
        .updateTable('chat_members')
        .set({ notified_seq: seq })
        .where('room_id', '=', roomId)
        .where('user_id', '=', userId)
        .execute();
    },
  };
}
