/** Transport only: schemas, auth, one service call each. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { IdParams } from '../../kernel/http/schemas.js';
import { CloseOrgBody, CreateOrgBody, MoveOrgBody, OrgNode, RenameOrgBody } from './orgs.schemas.js';
import { closeOrg, createOrg, listVisibleOrgs, moveOrg, renameOrg } from './orgs.service.js';

const tags = ['orgs'];

export async function orgsRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  api.get(
    '/orgs',
    { schema: { tags, response: { 200: Type.Object({ items: Type.Array(OrgNode) }) } } },
    async (req) => ({ items: await listVisibleOrgs(deps, actorOf(req)) }),
  );
  api.post(
    '/orgs',
    { schema: { tags, body: CreateOrgBody, response: { 201: OrgNode } } },
    async (req, reply) => {
      const body = req.body as typeof CreateOrgBody.static;
      reply.status(201);
      return createOrg(deps, actorOf(req), body);
    },
  );
  api.patch(
    '/orgs/:id',
    { schema: { tags, params: IdParams, body: RenameOrgBody, response: { 200: OrgNode } } },
    async (req) =>
      renameOrg(
        deps,
        actorOf(req),
        (req.params as IdParams).id,
        (req.body as typeof RenameOrgBody.static).name,
      ),
  );
  api.post(
    '/orgs/:id/move',
    { schema: { tags, params: IdParams, body: MoveOrgBody, response: { 200: OrgNode } } },
    async (req) =>
      moveOrg(
        deps,
        actorOf(req),
        (req.params as IdParams).id,
        (req.body as typeof MoveOrgBody.static).parentId,
      ),
  );
  api.post(
    '/orgs/:id/close',
    { schema: { tags, params: IdParams, body: CloseOrgBody, response: { 200: OrgNode } } },
    async (req) =>
      closeOrg(
        deps,
        actorOf(req),
        (req.params as IdParams).id,
        (req.body as typeof CloseOrgBody.static).reason,
      ),
  );
}
