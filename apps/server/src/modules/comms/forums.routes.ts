/** Forums: boards, threads, replies, reports and moderation. Transport only. */
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { IdParams } from '../../kernel/http/schemas.js';
import * as S from './forums.schemas.js';
import * as F from './forums.service.js';
import * as X from './forums.social.service.js';

const tags = ['forums'];
/** Posting is rate limited per client on top of the global limit. */
const postLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };

export async function forumRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  const id = (req: { params: unknown }) => (req.params as IdParams).id;
  api.get('/forums/boards', { schema: { tags, response: { 200: S.BoardList } } }, async (req) =>
    F.listBoards(deps, actorOf(req)),
  );
  api.post(
    '/forums/boards',
    { schema: { tags, body: S.BoardBody, response: { 201: S.Ref } } },
    async (req, reply) => {
      reply.status(201);
      return F.createBoard(deps, actorOf(req), req.body as typeof S.BoardBody.static);
    },
  );
  api.get(
    '/forums/boards/:id/threads',
    { schema: { tags, params: IdParams, querystring: S.ThreadPageQuery, response: { 200: S.ThreadList } } },
    async (req) => F.listThreads(deps, actorOf(req), id(req), req.query as typeof S.ThreadPageQuery.static),
  );
  api.post(
    '/forums/boards/:id/threads',
    { config: postLimit, schema: { tags, params: IdParams, body: S.ThreadBody, response: { 201: S.Ref } } },
    async (req, reply) => {
      reply.status(201);
      return F.createThread(deps, actorOf(req), id(req), req.body as typeof S.ThreadBody.static);
    },
  );
  api.get(
    '/forums/threads/:id',
    { schema: { tags, params: IdParams, querystring: S.PostPageQuery, response: { 200: S.Thread } } },
    async (req) => F.getThread(deps, actorOf(req), id(req), req.query as typeof S.PostPageQuery.static),
  );
  api.post(
    '/forums/threads/:id/posts',
    { config: postLimit, schema: { tags, params: IdParams, body: S.ReplyBody, response: { 201: S.Ref } } },
    async (req, reply) => {
      reply.status(201);
      return F.replyToThread(deps, actorOf(req), id(req), req.body as typeof S.ReplyBody.static);
    },
  );
  api.post(
    '/forums/posts/:id/report',
    { config: postLimit, schema: { tags, params: IdParams, body: S.ReportBody, response: { 200: S.Ok } } },
    async (req) => F.reportPost(deps, actorOf(req), id(req), (req.body as typeof S.ReportBody.static).reason),
  );
  api.post(
    '/forums/posts/:id/moderate',
    { schema: { tags, params: IdParams, body: S.ModeratePostBody, response: { 200: S.Ok } } },
    async (req) => {
      const b = req.body as typeof S.ModeratePostBody.static;
      return F.moderatePost(deps, actorOf(req), id(req), b.action, b.reason);
    },
  );
  api.post(
    '/forums/threads/:id/moderate',
    { schema: { tags, params: IdParams, body: S.ModerateThreadBody, response: { 200: S.Ok } } },
    async (req) => {
      const b = req.body as typeof S.ModerateThreadBody.static;
      return F.moderateThread(deps, actorOf(req), id(req), b.action, b.reason);
    },
  );
  api.post(
    '/forums/sensitive-words',
    { schema: { tags, body: S.WordsBody, response: { 200: S.Ok } } },
    async (req) => {
      const b = req.body as typeof S.WordsBody.static;
      return F.addSensitiveWords(deps, actorOf(req), b.orgId, b.words);
    },
  );
  api.post(
    '/forums/posts/:id/reactions',
    {
      config: postLimit,
      schema: { tags, params: IdParams, body: S.ReactionBody, response: { 200: S.ReactionReply } },
    },
    async (req) =>
      X.toggleReaction(deps, actorOf(req), id(req), (req.body as typeof S.ReactionBody.static).kind),
  );
  api.get(
    '/forums/boards/:id/mentionable',
    { schema: { tags, params: IdParams, querystring: S.MentionQuery, response: { 200: S.MentionList } } },
    async (req) => X.mentionable(deps, actorOf(req), id(req), (req.query as typeof S.MentionQuery.static).q),
  );
  api.post(
    '/forums/threads/:id/move',
    { schema: { tags, params: IdParams, body: S.MoveBody, response: { 200: S.Ok } } },
    async (req) => X.moveThread(deps, actorOf(req), id(req), req.body as typeof S.MoveBody.static),
  );
  api.post(
    '/forums/bans',
    { schema: { tags, body: S.BanBody, response: { 201: S.Ref } } },
    async (req, reply) => {
      reply.status(201);
      return X.banUser(deps, actorOf(req), req.body as typeof S.BanBody.static);
    },
  );
  api.get('/forums/bans', { schema: { tags, response: { 200: S.BanList } } }, async (req) =>
    X.listBans(deps, actorOf(req)),
  );
  api.post(
    '/forums/bans/:id/lift',
    { schema: { tags, params: IdParams, body: S.LiftBody, response: { 200: S.Ok } } },
    async (req) => X.liftBan(deps, actorOf(req), id(req), (req.body as typeof S.LiftBody.static).reason),
  );
  api.get('/forums/reports', { schema: { tags, response: { 200: S.ReportList } } }, async (req) =>
    F.openReports(deps, actorOf(req)),
  );
}
