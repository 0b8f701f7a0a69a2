/** Officer routes of the member registry. Transport only: schemas, one service call each. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { IdParams } from '../../kernel/http/schemas.js';
import { exportMembers } from './export.service.js';
import { bulkAction, transitionMember } from './lifecycle.service.js';
import { listMembers } from './list.service.js';
import * as M from './members.schemas.js';
import * as O from './operations.schemas.js';
import { createAccountForMember } from './account.service.js';
import { createMember, getMember, revealMember, updateMember } from './members.service.js';
import { getSettings, listUnions, saveSettings } from './settings.service.js';
import { cancelTransfer, decideTransfer, listTransfers, requestTransfer } from './transfers.service.js';

const tags = ['members'];
export const FileReply = Type.String({ description: 'file download (attachment)' });

export function sendFile(
  reply: FastifyReply,
  f: { stream: NodeJS.ReadableStream; fileName: string; contentType?: string },
) {
  return reply
    .header('content-type', f.contentType ?? 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${f.fileName}"`)
    .send(f.stream);
}

export async function membersRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  api.get(
    '/members',
    {
      schema: { tags, querystring: O.MemberListQuery, response: { 200: O.MemberPage } },
    },
    async (req) => listMembers(deps, actorOf(req), req.query as O.MemberListQuery),
  );
  api.post(
    '/members',
    {
      schema: { tags, body: M.CreateMemberBody, response: { 201: M.MemberView } },
    },
    async (req, reply) => {
      reply.status(201);
      return createMember(deps, actorOf(req), req.body as M.CreateMemberBody);
    },
  );
  api.get(
    '/members/:id',
    { schema: { tags, params: IdParams, response: { 200: M.MemberDetail } } },
    async (req) => getMember(deps, actorOf(req), (req.params as IdParams).id),
  );
  api.patch(
    '/members/:id',
    {
      schema: { tags, params: IdParams, body: M.UpdateMemberBody, response: { 200: M.MemberView } },
    },
    async (req) =>
      updateMember(deps, actorOf(req), (req.params as IdParams).id, req.body as M.UpdateMemberBody),
  );
  api.post(
    '/members/:id/reveal',
    {
      schema: { tags, params: IdParams, body: O.RevealBody, response: { 200: O.RevealReply } },
    },
    async (req) => {
      const b = req.body as typeof O.RevealBody.static;
      return revealMember(deps, actorOf(req), (req.params as IdParams).id, b.fields, b.reason);
    },
  );
  api.post(
    '/members/:id/transition',
    {
      schema: { tags, params: IdParams, body: O.TransitionBody, response: { 200: M.MemberView } },
    },
    async (req) =>
      transitionMember(deps, actorOf(req), (req.params as IdParams).id, req.body as O.TransitionBody),
  );
  api.post(
    '/members/:id/transfer',
    {
      schema: { tags, params: IdParams, body: O.TransferBody, response: { 201: M.TransferView } },
    },
    async (req, reply) => {
      const b = req.body as typeof O.TransferBody.static;
      reply.status(201);
      return requestTransfer(deps, actorOf(req), (req.params as IdParams).id, b.toOrgId, b.reason);
    },
  );
  api.post(
    '/members/:id/account',
    { schema: { tags, params: IdParams, body: O.AccountBody, response: { 201: O.AccountReply } } },
    async (req, reply) => {
      reply.status(201);
      return createAccountForMember(
        deps,
        actorOf(req),
        (req.params as IdParams).id,
        (req.body as typeof O.AccountBody.static).username,
      );
    },
  );
  api.post(
    '/members/bulk',
    { schema: { tags, body: O.BulkBody, response: { 200: O.BulkReply } } },
    async (req) => bulkAction(deps, actorOf(req), req.body as O.BulkBody),
  );
  api.post(
    '/members/export',
    { schema: { tags, body: O.ExportBody, response: { 200: FileReply } } },
    async (req, reply) => sendFile(reply, await exportMembers(deps, actorOf(req), req.body as O.ExportBody)),
  );
  api.get(
    '/members/transfers',
    {
      schema: { tags, querystring: O.TransferListQuery, response: { 200: O.TransferList } },
    },
    async (req) => {
      const q = req.query as typeof O.TransferListQuery.static;
      return listTransfers(deps, actorOf(req), q.direction ?? 'incoming', q.status);
    },
  );
  for (const decision of ['approve', 'reject', 'cancel'] as const) {
    api.post(
      `/members/transfers/:id/${decision}`,
      {
        schema: { tags, params: IdParams, body: O.DecisionBody, response: { 200: M.TransferView } },
      },
      async (req) => {
        const id = (req.params as IdParams).id;
        const reason = (req.body as typeof O.DecisionBody.static).reason;
        return decision === 'cancel'
          ? cancelTransfer(deps, actorOf(req), id, reason)
          : decideTransfer(deps, actorOf(req), id, decision === 'approve', reason);
      },
    );
  }
  api.get(
    '/members/settings/:unionId',
    {
      schema: { tags, params: O.SettingsParams, response: { 200: O.SettingsReply } },
    },
    async (req) => getSettings(deps, actorOf(req), (req.params as typeof O.SettingsParams.static).unionId),
  );
  api.put(
    '/members/settings/:unionId',
    {
      schema: { tags, params: O.SettingsParams, body: O.SettingsBody, response: { 200: O.SettingsReply } },
    },
    async (req) =>
      saveSettings(
        deps,
        actorOf(req),
        (req.params as typeof O.SettingsParams.static).unionId,
        (req.body as typeof O.SettingsBody.static).selfEditable,
      ),
  );
  api.get(
    '/members/unions',
    {
      schema: {
        tags,
        querystring: Type.Object(
          { q: Type.Optional(Type.String({ maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })) }),
        },
      },
    },
    async (req) => listUnions(deps, actorOf(req), (req.query as { q?: string }).q),
  );
}
