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

    /**
     * Sends in one statement (one round trip, autocommit): checks membership, returns the stored
     * message for a repeated (sender, clientId), otherwise takes the room's next seq under its row
     * lock (held until the statement commits: seq order = commit order), inserts the message and moves
     * the sender's read marker to it. `member` is false for a non-member (nothing is written then).
     * A concurrent send with the same clientId fails the whole statement on the unique key (no seq is
     * taken); the caller runs it again and gets the stored message.
     */
    async send(row: {
      room_id: string;
      sender_id: string;
      client_id: string | null;
      body: string;
      created_at: Date;
    }): Promise<{ member: boolean; message?: MessageRow; fresh: boolean }> {
      const { room_id: roomId, sender_id: senderId, client_id: clientId } = row;
      const r = await sql<{
        member: boolean;
        fresh: boolean | null;
        id: string | null;
        seq: string | number | null;
        body: string | null;
        created_at: Date | null;
        sender_name: string | null;
      }>`
        WITH mem AS (
          SELECT 1 FROM chat_members WHERE room_id = ${roomId} AND user_id = ${senderId}
        ), dup AS (
          SELECT id, seq, body, created_at FROM chat_messages
          WHERE room_id = ${roomId} AND sender_id = ${senderId} AND client_id = ${clientId}::text
            AND EXISTS (SELECT 1 FROM mem)
        ), bump AS (
          UPDATE chat_rooms SET last_seq = last_seq + 1, last_message_at = ${row.created_at}::timestamptz
          WHERE id = ${roomId} AND EXISTS (SELECT 1 FROM mem) AND NOT EXISTS (SELECT 1 FROM dup)
          RETURNING last_seq
        ), ins AS (
          INSERT INTO chat_messages (room_id, seq, sender_id, client_id, body, created_at)
          SELECT ${roomId}::uuid, last_seq, ${senderId}::uuid, ${clientId}::text, ${row.body}::text,
            ${row.created_at}::timestamptz
          FROM bump
          RETURNING id, seq, body, created_at
        ), rd AS (
          UPDATE chat_members AS cm SET last_read_seq = GREATEST(cm.last_read_seq, ins.seq)
          FROM ins WHERE cm.room_id = ${roomId} AND cm.user_id = ${senderId}
          RETURNING 1
        )
        SELECT EXISTS (SELECT 1 FROM mem) AS member, x.fresh, x.id, x.seq, x.body, x.created_at,
          (SELECT display_name FROM users WHERE id = ${senderId}) AS sender_name
        FROM (SELECT 1) AS one
        LEFT JOIN (
          SELECT true AS fresh, id, seq, body, created_at FROM ins
          UNION ALL SELECT false, id, seq, body, created_at FROM dup
        ) AS x ON true
      `.execute(db);
      const o = r.rows[0];
      if (!o?.member) return { member: false, fresh: false };
      if (!o.id || o.seq === null || o.body === null || !o.created_at) throw new Error('chat send: no row');
      return {
        member: true,
        fresh: o.fresh === true,
        message: {
          id: o.id,
          room_id: roomId,
          seq: Number(o.seq),
          sender_id: senderId,
          sender_name: o.sender_name,
          body: o.body,
          created_at: o.created_at,
          client_id: clientId,
        },
      };
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
