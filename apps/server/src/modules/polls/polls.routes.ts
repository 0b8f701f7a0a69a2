/** Transport only: schemas, auth, one service call each (docs/polls.md "HTTP API"). */
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { IdParams } from '../../kernel/http/schemas.js';
import {
  closePoll,
  createPoll,
  deletePoll,
  getPoll,
  listPolls,
  publishPoll,
  updatePoll,
} from './polls.admin.service.js';
import { exportPoll } from './polls.export.service.js';
import { myPoll, myPolls, respond } from './polls.respond.service.js';
import { myPollResults, myPollTextAnswers, pollResults, pollTextAnswers } from './polls.results.service.js';
import * as S from './polls.schemas.js';

const tags = ['polls'];
const noStore = { 'cache-control': 'no-store' };
const idOf = (req: { params: unknown }) => (req.params as IdParams).id;

export async function pollsRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  // ---- managers (surveys.manage on the poll's org node) ----
  api.post(
    '/polls',
    { schema: { tags, body: S.PollInput, response: { 201: S.PollView } } },
    async (req, reply) => {
      reply.status(201);
      return createPoll(deps, actorOf(req), req.body as S.PollInput);
    },
  );
  api.get(
    '/polls',
    { schema: { tags, querystring: S.ListQuery, response: { 200: S.PollList } } },
    async (req) => listPolls(deps, actorOf(req), (req.query as { status?: string }).status),
  );
  api.get('/polls/:id', { schema: { tags, params: IdParams, response: { 200: S.PollView } } }, async (req) =>
    getPoll(deps, actorOf(req), idOf(req)),
  );
  api.patch(
    '/polls/:id',
    { schema: { tags, params: IdParams, body: S.PollPatch, response: { 200: S.PollView } } },
    async (req) => updatePoll(deps, actorOf(req), idOf(req), req.body as S.PollPatch),
  );
  api.delete('/polls/:id', { schema: { tags, params: IdParams, response: { 200: S.Ok } } }, async (req) =>
    deletePoll(deps, actorOf(req), idOf(req)),
  );
  api.post(
    '/polls/:id/publish',
    { schema: { tags, params: IdParams, response: { 200: S.PollView } } },
    async (req) => publishPoll(deps, actorOf(req), idOf(req)),
  );
  api.post(
    '/polls/:id/close',
    { schema: { tags, params: IdParams, response: { 200: S.PollView } } },
    async (req) => closePoll(deps, actorOf(req), idOf(req)),
  );
  api.get(
    '/polls/:id/results',
    { schema: { tags, params: IdParams, response: { 200: S.PollResults } } },
    async (req, reply) => {
      reply.headers(noStore);
      return pollResults(deps, actorOf(req), idOf(req));
    },
  );
  api.get(
    '/polls/:id/text-answers',
    { schema: { tags, params: IdParams, querystring: S.TextQuery, response: { 200: S.TextAnswers } } },
    async (req, reply) => {
      reply.headers(noStore);
      return pollTextAnswers(deps, actorOf(req), idOf(req), req.query as S.TextQuery);
    },
  );
  api.get(
    '/polls/:id/export',
    { schema: { tags, params: IdParams, querystring: S.ExportQuery, response: { 200: S.FileReply } } },
    async (req, reply) => {
      const format = (req.query as { format?: 'csv' | 'xlsx' }).format ?? 'csv';
      const f = await exportPoll(deps, actorOf(req), idOf(req), format);
      return reply
        .headers(noStore)
        .header('content-type', f.contentType)
        .header('content-disposition', `attachment; filename="${f.fileName}"`)
        .send(f.stream);
    },
  );

  // ---- members (their own audience entries) ----
  api.get('/my/polls', { schema: { tags, response: { 200: S.MyPollList } } }, async (req) =>
    myPolls(deps, actorOf(req)),
  );
  api.get(
    '/my/polls/:id',
    { schema: { tags, params: IdParams, response: { 200: S.MyPollView } } },
    async (req) => myPoll(deps, actorOf(req), idOf(req)),
  );
  // Request logging is off for answering: no answer body, and no time next to the member.
  api.post(
    '/my/polls/:id/response',
    { logLevel: 'silent', schema: { tags, params: IdParams, body: S.ResponseBody, response: { 200: S.Ok } } },
    async (req) => respond(deps, actorOf(req), idOf(req), (req.body as S.ResponseBody).answers),
  );
  api.get(
    '/my/polls/:id/results',
    { schema: { tags, params: IdParams, response: { 200: S.PollResults } } },
    async (req, reply) => {
      reply.headers(noStore);
      return myPollResults(deps, actorOf(req), idOf(req));
    },
  );
  api.get(
    '/my/polls/:id/text-answers',
    { schema: { tags, params: IdParams, querystring: S.TextQuery, response: { 200: S.TextAnswers } } },
    async (req, reply) => {
      reply.headers(noStore);
      return myPollTextAnswers(deps, actorOf(req), idOf(req), req.query as S.TextQuery);
    },
  );
}
