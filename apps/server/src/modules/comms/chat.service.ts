/**
 * Chat use cases. Access rule: only members of a room see or post to it; any other caller gets 404,
 * exactly like a missing room. Message bodies are stored as typed (plain text, never HTML) and the
 * web app renders them as text. Each commit publishes its events on `room:<id>` through pub/sub; sockets
 * order them by seq and fill gaps from the database (realtime.ts), so delivery does not depend on
 * pub/sub ordering.
 */
import type { Actor } from '../../kernel/auth/actor.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { commitSend } from './chat.commit.js';
import { chatRepo, chatReminderRepo, type MessageRow } from './chat.repo.js';
import { isRegistryAccount, placedOrgRoom } from './orgsync.job.js';

export const MAX_BODY_CHARS = 4000;
export const HISTORY_PAGE = 50;

export type ChatMessage = {
  id: string;
  roomId: string;
  seq: number;
  senderId: string | null;
  senderName: string | null;
  body: string;
  createdAt: string;
  clientId: string | null;
};

export type ChatRoom = {
  id: string;
  kind: 'direct' | 'org' | 'custom';
  name: string;
  role: 'owner' | 'member';
  lastSeq: number;
  lastReadSeq: number;
  unread: number;
  lastMessageAt: string | null;
};

export function presentMessage(m: MessageRow): ChatMessage {
  return {
    id: m.id,
    roomId: m.room_id,
    seq: Number(m.seq),
    senderId: m.sender_id,
    senderName: m.sender_name,
    body: m.body,
    createdAt: new Date(m.created_at).toISOString(),
    clientId: m.client_id,
  };
}

/** @throws AppError not_found when the actor is not a member of the room. */
export async function requireRoomMember(deps: Deps, actor: Pick<Actor, 'userId'>, roomId: string) {
  const m = await chatRepo(deps.db).membership(roomId, actor.userId);
  if (!m) throw new AppError('not_found');
  return m;
}

/**
 * The org group of the actor's org node, created from the tree on first use. For an account linked
 * to the member registry the registry decides the node (orgsync.job.ts keeps every such account in
 * step; this reconciles the caller at once); other accounts join the group of their account's node.
 * @throws AppError not_found for a registry account that is not placed on any node (left, expelled).
 */
export async function ensureOrgRoom(deps: Deps, actor: Pick<Actor, 'userId' | 'orgId'>): Promise<string> {
  if (await isRegistryAccount(deps, actor.userId)) {
    const placed = await placedOrgRoom(deps, actor.userId);
    if (!placed) throw new AppError('not_found');
    return placed;
  }
  const repo = chatRepo(deps.db);
  let room = await repo.orgRoom(actor.orgId);
  if (!room) {
    const org = await repo.orgName(actor.orgId);
    await repo.insertRoom({
      kind: 'org',
      name: org?.name ?? '',
      org_id: actor.orgId,
      direct_key: null,
      created_by: null,
    });
    room = await repo.orgRoom(actor.orgId);
  }
  if (!room) throw new AppError('internal');
  if (await repo.addMember(room.id, actor.userId, 'member'))
    await announceRoom(deps, [actor.userId], room.id);
  return room.id;
}

/** The caller's rooms with unread counts (a read: the org group is joined by joinOrgRoom). */
export async function listRooms(deps: Deps, actor: Actor): Promise<ChatRoom[]> {
  const rows = await chatRepo(deps.db).listRooms(actor.userId);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    name: r.kind === 'direct' ? (r.peer_name ?? '') : r.name,
    role: r.role,
    lastSeq: Number(r.last_seq),
    lastReadSeq: Number(r.last_read_seq),
    unread: Math.max(0, Number(r.last_seq) - Number(r.last_read_seq)),
    lastMessageAt: r.last_message_at ? new Date(r.last_message_at).toISOString() : null,
  }));
}

async function announceRoom(deps: Deps, userIds: string[], roomId: string): Promise<void> {
  for (const id of userIds)
    await deps.pubsub.publish(`user:${id}`, { type: 'room_added', roomId }).catch(() => undefined);
}

/**
 * Opens (or finds) the direct conversation with another active account.
 * @throws AppError not_found for an unknown or disabled account, bad_request for oneself.
 */
export async function openDirect(deps: Deps, actor: Actor, userId: string): Promise<{ id: string }> {
  if (userId === actor.userId) throw new AppError('bad_request');
  const repo = chatRepo(deps.db);
  if (!(await repo.userBrief(userId))) throw new AppError('not_found');
  const key = [actor.userId, userId].sort().join(':');
  const id = await deps.db.transaction().execute(async (trx) => {
    const r = chatRepo(trx);
    const roomId =
      (await r.insertRoom({
        kind: 'direct',
        name: '',
        org_id: null,
        direct_key: key,
        created_by: actor.userId,
      })) ?? (await r.directRoom(key))?.id;
    if (!roomId) throw new AppError('conflict');
    await r.addMember(roomId, actor.userId, 'member');
    await r.addMember(roomId, userId, 'member');
    return roomId;
  });
  await announceRoom(deps, [actor.userId, userId], id);
  return { id };
}

/**
 * Creates a custom group owned by the actor.
 * @throws AppError not_found when a listed account does not exist or is disabled.
 */
export async function createGroup(
  deps: Deps,
  actor: Actor,
  input: { name: string; memberIds: string[] },
): Promise<{ id: string }> {
  const ids = [...new Set(input.memberIds.filter((id) => id !== actor.userId))];
  const repo = chatRepo(deps.db);
  for (const id of ids) if (!(await repo.userBrief(id))) throw new AppError('not_found');
  const id = await deps.db.transaction().execute(async (trx) => {
    const r = chatRepo(trx);
    const roomId = await r.insertRoom({
      kind: 'custom',
      name: input.name,
      org_id: null,
      direct_key: null,
      created_by: actor.userId,
    });
    if (!roomId) throw new AppError('conflict');
    await r.addMember(roomId, actor.userId, 'owner');
    for (const uid of ids) await r.addMember(roomId, uid, 'member');
    return roomId;
  });
  await announceRoom(deps, [actor.userId, ...ids], id);
  return { id };
}

/**
 * Adds or removes a member of a custom group (owners only; members may remove themselves).
 * @throws AppError not_found (not a member / no such account), forbidden (not the owner of a custom group)
 */
export async function changeGroupMember(
  deps: Deps,
  actor: Actor,
  roomId: string,
  userId: string,
  op: 'add' | 'remove',
): Promise<void> {
  const m = await requireRoomMember(deps, actor, roomId);
  const self = op === 'remove' && userId === actor.userId;
  if (m.kind !== 'custom' || (m.role !== 'owner' && !self)) throw new AppError('forbidden');
  const repo = chatRepo(deps.db);
  if (op === 'add') {
    if (!(await repo.userBrief(userId))) throw new AppError('not_found');
    await repo.addMember(roomId, userId, 'member');
    await announceRoom(deps, [userId], roomId);
  } else {
    await repo.removeMember(roomId, userId);
    await deps.pubsub.publish(`user:${userId}`, { type: 'room_removed', roomId }).catch(() => undefined);
  }
}

/** History page: the newest `limit` before `beforeSeq`, or everything after `afterSeq` (ascending). */
export async function roomHistory(
  deps: Deps,
  actor: Pick<Actor, 'userId'>,
  roomId: string,
  opts: { beforeSeq?: number; afterSeq?: number; limit?: number },
): Promise<ChatMessage[]> {
  await requireRoomMember(deps, actor, roomId);
  const rows = await chatRepo(deps.db).messages(roomId, {
    ...opts,
    limit: Math.min(opts.limit ?? HISTORY_PAGE, 200),
  });
  return rows.map(presentMessage);
}

/**
 * Posts a message. Idempotent per (sender, clientId): a retried send returns the stored message.
 * Written through the process's group commit (chat.commit.ts): one SQL statement for all sends in
 * flight (membership, duplicate, seq, insert, senders' read markers, NOTIFY); nothing else runs per
 * message (unread counts are last_seq - last_read_seq, offline reminders come from a job).
 * @throws AppError not_found (not a member), validation_failed (empty, too long, NUL character)
 */
export async function sendMessage(
  deps: Deps,
  actor: Pick<Actor, 'userId'>,
  roomId: string,
  input: { body: string; clientId?: string | undefined },
): Promise<ChatMessage> {
  const body = input.body.replace(/\r\n/g, '\n').trim();
  // PostgreSQL text cannot hold U+0000
  if (!body || body.length > MAX_BODY_CHARS || body.includes('\u0000'))
    throw new AppError('validation_failed', { field: 'body' });
  const sent = await commitSend(deps, {
    room_id: roomId,
    sender_id: actor.userId,
    client_id: input.clientId ?? null,
    body,
    created_at: deps.clock.now(),
  });
  if (!sent.member) throw new AppError('not_found');
  if (!sent.message) throw new AppError('internal');
  return presentMessage(sent.message);
}

/** Moves the caller's read marker forward (never back) and tells the room. */
export async function markRoomRead(
  deps: Deps,
  actor: Pick<Actor, 'userId'>,
  roomId: string,
  seq: number,
): Promise<{ lastReadSeq: number }> {
  await requireRoomMember(deps, actor, roomId);
  const r = await chatRepo(deps.db).markRead(roomId, actor.userId, seq);
  const lastReadSeq = Number(r?.last_read_seq ?? 0);
  await deps.pubsub
    .publish(`room:${roomId}`, { type: 'read', roomId, userId: actor.userId, seq: lastReadSeq })
    .catch(() => undefined);
  await deps.pubsub.publish(`user:${actor.userId}`, { type: 'unread_changed' }).catch(() => undefined);
  return { lastReadSeq };
}

/**
 * Offline notification: a member with messages unread for `afterMs` gets one reminder per burst
 * (in-app + e-mail per their preferences). Run by the `comms-chat-reminders` job.
 */
export async function sendChatReminders(deps: Deps, afterMs = 5 * 60_000): Promise<number> {
  const repo = chatReminderRepo(deps.db);
  const due = await repo.dueReminders(new Date(deps.clock.now().getTime() - afterMs), 500);
  for (const d of due) {
    const last = await repo.lastSender(d.room_id, Number(d.last_seq));
    await deps.notifier.send({
      userId: d.user_id,
      template: 'chat_message_offline',
      params: {
        from: last?.display_name ?? '',
        room: d.kind === 'direct' ? (last?.display_name ?? '') : d.name,
        count: Number(d.last_seq) - Number(d.last_read_seq),
        link: `/chat/${d.room_id}`,
      },
    });
    await repo.markNotified(d.room_id, d.user_id, Number(d.last_seq));
  }
  return due.length;
}
