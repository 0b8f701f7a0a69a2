/** Transport only: the member portal side (/my/cases). */
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { IdParams } from '../../kernel/http/schemas.js';
import * as S from './cases.schemas.js';
import {
  getMyCase,
  listMyCases,
  memberAction,
  memberMessage,
  myCaseTypes,
  submitCase,
} from './member.service.js';

const tags = ['member portal'];
const noStore = { 'cache-control': 'no-store' };

export async function myCasesRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  api.get('/my/case-types', { schema: { tags, response: { 200: S.CaseTypesReply } } }, async (req) =>
    myCaseTypes(deps, actorOf(req)),
  );
  api.get('/my/cases', { schema: { tags, response: { 200: S.MyCasesReply } } }, async (req, reply) => {
    reply.headers(noStore);
    return listMyCases(deps, actorOf(req));
  });
  api.post(
    '/my/cases',
    { schema: { tags, body: S.SubmitCaseBody, response: { 201: S.CaseDetail } } },
    async (req, reply) => {
      reply.status(201).headers(noStore);
      return submitCase(deps, actorOf(req), req.body as S.SubmitCaseBody);
    },
  );
  api.get(
    '/my/cases/:id',
    { schema: { tags, params: IdParams, response: { 200: S.CaseDetail } } },
    async (req, reply) => {
      reply.headers(noStore);
      return getMyCase(deps, actorOf(req), (req.params as IdParams).id);
    },
  );
  api.post(
    '/my/cases/:id/actions',
    { schema: { tags, params: IdParams, body: S.MemberActionBody, response: { 200: S.CaseDetail } } },
    async (req) =>
      memberAction(deps, actorOf(req), (req.params as IdParams).id, req.body as S.MemberActionBody),
  );
  api.post(
    '/my/cases/:id/messages',
    { schema: { tags, params: IdParams, body: S.MemberMessageBody, response: { 200: S.CaseDetail } } },
    async (req) =>
      memberMessage(
        deps,
        actorOf(req),
        (req.params as IdParams).id,
        (req.body as typeof S.MemberMessageBody.static).body,
      ),
  );
}
