/** Transport only: the handler side (/cases) and case-type configuration. */
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { IdParams } from '../../kernel/http/schemas.js';
import type { CaseTypeDef } from './case-types.js';
import { listUnionTypes, saveUnionType } from './case-types.service.js';
import * as S from './cases.schemas.js';
import { type ExportQuery, exportCases } from './export.service.js';
import { addMessage, getCase, handlerAction, listCases, revealIdentity } from './handler.service.js';

const tags = ['cases'];
const noStore = { 'cache-control': 'no-store' };

export async function caseHandlerRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  api.get(
    '/cases',
    { schema: { tags, querystring: S.CaseListQuery, response: { 200: S.CaseListReply } } },
    async (req, reply) => {
      reply.headers(noStore);
      return listCases(deps, actorOf(req), req.query as S.CaseListQuery);
    },
  );
  api.get(
    '/cases/export',
    { schema: { tags, querystring: S.ExportQuery, response: { 200: S.FileReply } } },
    async (req, reply) => {
      const f = await exportCases(deps, actorOf(req), req.query as ExportQuery);
      return reply
        .headers(noStore)
        .header('content-type', f.contentType)
        .header('content-disposition', `attachment; filename="${f.fileName}"`)
        .send(f.stream);
    },
  );
  api.get(
    '/cases/:id',
    { schema: { tags, params: IdParams, response: { 200: S.CaseDetail } } },
    async (req, reply) => {
      reply.headers(noStore);
      return getCase(deps, actorOf(req), (req.params as IdParams).id);
    },
  );
  api.post(
    '/cases/:id/actions',
    { schema: { tags, params: IdParams, body: S.HandlerActionBody, response: { 200: S.CaseDetail } } },
    async (req) =>
      handlerAction(deps, actorOf(req), (req.params as IdParams).id, req.body as S.HandlerActionBody),
  );
  api.post(
    '/cases/:id/messages',
    { schema: { tags, params: IdParams, body: S.MessageBody, response: { 200: S.CaseDetail } } },
    async (req) =>
      addMessage(deps, actorOf(req), (req.params as IdParams).id, req.body as typeof S.MessageBody.static),
  );
  api.post(
    '/cases/:id/reveal-identity',
    {
      schema: {
        tags,
        params: IdParams,
        body: S.RevealIdentityBody,
        response: { 200: S.RevealIdentityReply },
      },
    },
    async (req, reply) => {
      reply.headers(noStore);
      const b = req.body as typeof S.RevealIdentityBody.static;
      return revealIdentity(deps, actorOf(req), (req.params as IdParams).id, b.reason);
    },
  );
  api.get(
    '/cases/types/:unionId',
    { schema: { tags, params: S.UnionParams, response: { 200: S.OfficerCaseTypesReply } } },
    async (req) => listUnionTypes(deps, actorOf(req), (req.params as typeof S.UnionParams.static).unionId),
  );
  api.put(
    '/cases/types/:unionId/:key',
    {
      schema: {
        tags,
        params: S.CaseTypeParams,
        body: S.SaveCaseTypeBody,
        response: { 200: S.OfficerCaseTypesReply },
      },
    },
    async (req) => {
      const p = req.params as typeof S.CaseTypeParams.static;
      const b = req.body as { definition: unknown };
      return saveUnionType(deps, actorOf(req), p.unionId, p.key, b.definition as CaseTypeDef);
    },
  );
}
