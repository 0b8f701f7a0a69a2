/** All SQL of the chat tables (chat_rooms, chat_members, chat_messages). */
import { sql } from 'kysely';
import type pg from 'pg';
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

export type SendRow = {
  room_id: string;
  sender_id: string;
  client_id: string | null;
  body: string;
  created_at: Date;
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
     * Sends a batch of messages in one statement (one round trip, autocommit); rows are independent
     * and may name different rooms. Per row: checks membership (nothing is written for a non-member),
     * returns the stored message for a repeated (sender, clientId), otherwise takes the room's next seq.
     * The rooms' rows are locked in id order (no deadlock between concurrent batches) and held until
     * commit, so per room seq order = commit order; rows of one room get seqs in batch order. Senders'
     * read markers move to their newest message. With `notify` (PostgreSQL pub/sub) every new message
     * is published from the same statement on `room:<id>` (pg_notify: sent at commit, in commit order,
     * so per room in seq order), as the full ChatMessage or, above `notify.maxBytes`, a stub
     * `{roomId, seq}` the sockets fetch. A concurrent send with the same clientId fails the whole
     * statement on the unique key (nothing is written); running it again finds the stored message.
     * Rows must not repeat a (room, sender, clientId).
     */
    sendBatch(
      pool: pg.Pool,
      rows: SendRow[],
      notify?: { channel: string; maxBytes: number },
    ): Promise<Array<{ member: boolean; fresh: boolean; message?: MessageRow }>> {
      return sendBatch(pool, rows, notify);
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

/**
 * The batch send statement (see chatRepo.sendBatch). A named prepared statement: each pooled
 * connection parses it once, not once per batch.
 */
const SEND_BATCH = {
  name: 'chat_send_batch',
  text: `
        WITH input AS (
          SELECT t.room_id, t.sender_id, t.client_id, t.body, t.created_iso::timestamptz AS created_at,
            t.created_iso, t.n
          FROM unnest($1::uuid[], $2::uuid[],
            $3::text[], $4::text[],
            $5::text[])
            WITH ORDINALITY AS t(room_id, sender_id, client_id, body, created_iso, n)
        ), mem AS (
          SELECT i.* FROM input i
          WHERE EXISTS (SELECT 1 FROM chat_members cm WHERE cm.room_id = i.room_id AND cm.user_id = i.sender_id)
        ), dup AS (
          SELECT i.n, m.id, m.seq, m.body, m.created_at FROM mem i
          JOIN chat_messages m ON m.room_id = i.room_id AND m.sender_id = i.sender_id AND m.client_id = i.client_id
        ), fresh AS (
          SELECT mem.*, row_number() OVER (PARTITION BY mem.room_id ORDER BY mem.n) AS k
          FROM mem WHERE NOT EXISTS (SELECT 1 FROM dup WHERE dup.n = mem.n)
        ), locked AS MATERIALIZED (
          SELECT r.id, r.last_seq FROM chat_rooms r
          WHERE r.id IN (SELECT room_id FROM fresh) ORDER BY r.id FOR UPDATE
        ), planned AS MATERIALIZED (
          SELECT f.*, l.last_seq + f.k AS seq FROM fresh f JOIN locked l ON l.id = f.room_id
        ), bump AS (
          UPDATE chat_rooms AS r SET last_seq = p.seq, last_message_at = p.at
          FROM (SELECT room_id, max(seq) AS seq, max(created_at) AS at FROM planned GROUP BY room_id) p
          WHERE r.id = p.room_id
        ), ins AS (
          INSERT INTO chat_messages (room_id, seq, sender_id, client_id, body, created_at)
          SELECT room_id, seq, sender_id, client_id, body, created_at FROM planned ORDER BY room_id, seq
          RETURNING id, room_id, seq
        ), rd AS (
          UPDATE chat_members AS cm SET last_read_seq = GREATEST(cm.last_read_seq, x.seq)
          FROM (SELECT room_id, sender_id, max(seq) AS seq FROM planned GROUP BY room_id, sender_id) x
          WHERE cm.room_id = x.room_id AND cm.user_id = x.sender_id
        ), done AS (
          SELECT p.*, ins.id, u.display_name AS sender_name
          FROM planned p JOIN ins ON ins.room_id = p.room_id AND ins.seq = p.seq
          LEFT JOIN users u ON u.id = p.sender_id
        ), notified AS (
          SELECT pg_notify($6::text,
            CASE WHEN octet_length(x.full) <= $7::int THEN x.full ELSE x.stub END)
          FROM (
            SELECT
              json_build_object('c', 'room:' || d.room_id, 'm', json_build_object('type', 'message',
                'message', json_build_object('id', d.id, 'roomId', d.room_id, 'seq', d.seq,
                  'senderId', d.sender_id, 'senderName', d.sender_name, 'body', d.body,
                  'createdAt', d.created_iso, 'clientId', d.client_id)))::text AS full,
              json_build_object('c', 'room:' || d.room_id, 'm', json_build_object('type', 'message',
                'stub', json_build_object('roomId', d.room_id, 'seq', d.seq)))::text AS stub
            FROM done d WHERE $6::text IS NOT NULL
            ORDER BY d.room_id, d.seq
          ) x
        )
        SELECT i.n::int AS n, EXISTS (SELECT 1 FROM mem WHERE mem.n = i.n) AS member,
          (d.id IS NOT NULL) AS fresh, coalesce(d.id, dup.id) AS id, coalesce(d.seq, dup.seq) AS seq,
          coalesce(d.body, dup.body) AS body, coalesce(d.created_at, dup.created_at) AS created_at,
          u.display_name AS sender_name, (SELECT count(*) FROM notified) AS notified
        FROM input i
        LEFT JOIN done d ON d.n = i.n
        LEFT JOIN dup ON dup.n = i.n
        LEFT JOIN users u ON u.id = i.sender_id
        ORDER BY i.n`,
};

type SendBatchRow = {
  n: number;
  member: boolean;
  fresh: boolean;
  id: string | null;
  seq: string | number | null;
  body: string | null;
  created_at: Date | null;
  sender_name: string | null;
};

async function sendBatch(
  pool: pg.Pool,
  rows: SendRow[],
  notify?: { channel: string; maxBytes: number },
): Promise<Array<{ member: boolean; fresh: boolean; message?: MessageRow }>> {
  const r = await pool.query<SendBatchRow>({
    ...SEND_BATCH,
    values: [
      rows.map((x) => x.room_id),
      rows.map((x) => x.sender_id),
      rows.map((x) => x.client_id),
      rows.map((x) => x.body),
      rows.map((x) => x.created_at.toISOString()),
      notify?.channel ?? null,
      notify?.maxBytes ?? 0,
    ],
  });
  return rows.map((row, k) => {
    const o = r.rows[k];
    if (!o || o.n !== k + 1) throw new Error('chat send: rows out of step');
    if (!o.member) return { member: false, fresh: false };
    if (!o.id || o.seq === null || o.body === null || !o.created_at) throw new Error('chat send: no row');
    return {
      member: true,
      fresh: o.fresh,
      message: {
        id: o.id,
        room_id: row.room_id,
        seq: Number(o.seq),
        sender_id: row.sender_id,
        sender_name: o.sender_name,
        body: o.body,
        created_at: o.created_at,
        client_id: row.client_id,
      },
    };
  });
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
