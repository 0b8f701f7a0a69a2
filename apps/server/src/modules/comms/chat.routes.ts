/** Chat over HTTP (rooms, history, sending, read state); live events go over /api/ws. Transport only. */
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { IdParams } from '../../kernel/http/schemas.js';
import * as S from './chat.schemas.js';
import {
  changeGroupMember,
  createGroup,
  ensureOrgRoom,
  listRooms,
  markRoomRead,
  openDirect,
  roomHistory,
  sendMessage,
} from './chat.service.js';

const tags = ['chat'];
const sendLimit = { rateLimit: { max: 120, timeWindow: 60_000 } };

export async function chatRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  api.get('/chat/rooms', { schema: { tags, response: { 200: S.RoomList } } }, async (req) => ({
    items: await listRooms(deps, actorOf(req)),
  }));
  // Joins the group of the caller's org node (created from the tree on first use); idempotent.
  api.post('/chat/org-room', { schema: { tags, response: { 200: S.RoomRef } } }, async (req) => ({
    id: await ensureOrgRoom(deps, actorOf(req)),
  }));
  api.post(
    '/chat/direct',
    { schema: { tags, body: S.DirectBody, response: { 200: S.RoomRef } } },
    async (req) => openDirect(deps, actorOf(req), (req.body as typeof S.DirectBody.static).userId),
  );
  api.post(
    '/chat/groups',
    { schema: { tags, body: S.GroupBody, response: { 201: S.RoomRef } } },
    async (req, reply) => {
      reply.status(201);
      return createGroup(deps, actorOf(req), req.body as typeof S.GroupBody.static);
    },
  );
  api.post(
    '/chat/rooms/:id/members',
    { schema: { tags, params: IdParams, body: S.MemberBody, response: { 200: S.Ok } } },
    async (req) => {
      const { userId } = req.body as typeof S.MemberBody.static;
      await changeGroupMember(deps, actorOf(req), (req.params as IdParams).id, userId, 'add');
      return { ok: true };
    },
  );
  api.post(
    '/chat/rooms/:id/leave',
    { schema: { tags, params: IdParams, response: { 200: S.Ok } } },
    async (req) => {
      const actor = actorOf(req);
      await changeGroupMember(deps, actor, (req.params as IdParams).id, actor.userId, 'remove');
      return { ok: true };
    },
  );
  api.get(
    '/chat/rooms/:id/messages',
    { schema: { tags, params: IdParams, querystring: S.HistoryQuery, response: { 200: S.MessageList } } },
    async (req) => ({
      items: await roomHistory(
        deps,
        actorOf(req),
        (req.params as IdParams).id,
        req.query as typeof S.HistoryQuery.static,
      ),
    }),
  );
  api.post(
    '/chat/rooms/:id/messages',
    {
      config: sendLimit,
      schema: { tags, params: IdParams, body: S.SendBody, response: { 201: S.ChatMessage } },
    },
    async (req, reply) => {
      reply.status(201);
      return sendMessage(
        deps,
        actorOf(req),
        (req.params as IdParams).id,
        req.body as typeof S.SendBody.static,
      );
    },
  );
  api.post(
    '/chat/rooms/:id/read',
    { schema: { tags, params: IdParams, body: S.ReadBody, response: { 200: S.ReadReply } } },
    async (req) =>
      markRoomRead(
        deps,
        actorOf(req),
        (req.params as IdParams).id,
        (req.body as typeof S.ReadBody.static).seq,
      ),
  );
}
