/** Transport only: the personal-information breach incidents (security officers; auditors may view). */
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { IdParams } from '../../kernel/http/schemas.js';
import * as S from './breach.schemas.js';
import { computeAffected, listAffected } from './breach.affected.service.js';
import { closeBreach, notifyMembers, notifyRegulator, regulatorNoticeOf } from './breach.notices.service.js';
import { containBreach, createBreach, getBreach, listBreaches, updateBreach } from './breach.service.js';

const tags = ['privacy'];
const id = (req: { params: unknown }) => (req.params as IdParams).id;

export async function breachRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  api.get(
    '/privacy/breaches',
    { schema: { tags, querystring: S.ListQuery, response: { 200: S.ListReply } } },
    async (req) => listBreaches(deps, actorOf(req), (req.query as S.ListQuery).status),
  );
  api.post(
    '/privacy/breaches',
    { schema: { tags, body: S.CreateBody, response: { 201: S.BreachDetail } } },
    async (req, reply) => {
      reply.status(201);
      return createBreach(deps, actorOf(req), req.body as S.CreateBody);
    },
  );
  api.get(
    '/privacy/breaches/:id',
    { schema: { tags, params: IdParams, response: { 200: S.BreachDetail } } },
    async (req) => getBreach(deps, actorOf(req), id(req)),
  );
  api.patch(
    '/privacy/breaches/:id',
    { schema: { tags, params: IdParams, body: S.PatchBody, response: { 200: S.BreachDetail } } },
    async (req) => updateBreach(deps, actorOf(req), id(req), req.body as S.PatchBody),
  );
  api.post(
    '/privacy/breaches/:id/contain',
    { schema: { tags, params: IdParams, response: { 200: S.BreachDetail } } },
    async (req) => containBreach(deps, actorOf(req), id(req)),
  );
  api.post(
    '/privacy/breaches/:id/compute',
    { schema: { tags, params: IdParams, body: S.ComputeBody, response: { 200: S.BreachDetail } } },
    async (req) => computeAffected(deps, actorOf(req), id(req), req.body as S.ComputeBody),
  );
  api.get(
    '/privacy/breaches/:id/members',
    { schema: { tags, params: IdParams, querystring: S.MembersQuery, response: { 200: S.AffectedPage } } },
    async (req) => listAffected(deps, actorOf(req), id(req), req.query as S.MembersQuery),
  );
  api.get(
    '/privacy/breaches/:id/regulator-notice',
    { schema: { tags, params: IdParams, querystring: S.NoticeQuery, response: { 200: S.NoticeReply } } },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return regulatorNoticeOf(deps, actorOf(req), id(req), req.query as S.NoticeQuery);
    },
  );
  api.post(
    '/privacy/breaches/:id/notify-regulator',
    { schema: { tags, params: IdParams, body: S.RegulatorBody, response: { 200: S.BreachDetail } } },
    async (req) => notifyRegulator(deps, actorOf(req), id(req), req.body as S.RegulatorBody),
  );
  api.post(
    '/privacy/breaches/:id/notify-members',
    { schema: { tags, params: IdParams, response: { 200: S.NotifyMembersReply } } },
    async (req) => notifyMembers(deps, actorOf(req), id(req)),
  );
  api.post(
    '/privacy/breaches/:id/close',
    { schema: { tags, params: IdParams, body: S.CloseBody, response: { 200: S.BreachDetail } } },
    async (req) => closeBreach(deps, actorOf(req), id(req), req.body as S.CloseBody),
  );
}
