/** Officer administration of users and grants. Transport only. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { IdParams, Page } from '../../kernel/http/schemas.js';
import * as S from './identity.schemas.js';
import {
  addGrant,
  createUser,
  getUser,
  listRoles,
  listUsers,
  removeGrant,
  revealUserContact,
  setUserStatus,
} from './users.service.js';

const tags = ['users'];

export async function usersRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  api.get(
    '/users',
    { schema: { tags, querystring: S.UsersQuery, response: { 200: Page(S.UserSummary) } } },
    async (req) => listUsers(deps, actorOf(req), req.query as typeof S.UsersQuery.static),
  );
  api.post(
    '/users',
    { schema: { tags, body: S.CreateUserBody, response: { 201: S.UserDetail } } },
    async (req, reply) => {
      reply.status(201);
      return createUser(deps, actorOf(req), req.body as typeof S.CreateUserBody.static);
    },
  );
  api.get(
    '/users/:id',
    { schema: { tags, params: IdParams, response: { 200: S.UserDetail } } },
    async (req) => getUser(deps, actorOf(req), (req.params as IdParams).id),
  );
  for (const [action, status] of [
    ['disable', 'disabled'],
    ['enable', 'active'],
  ] as const) {
    api.post(
      `/users/:id/${action}`,
      { schema: { tags, params: IdParams, body: S.StatusBody, response: { 200: S.UserDetail } } },
      async (req) =>
        setUserStatus(
          deps,
          actorOf(req),
          (req.params as IdParams).id,
          status,
          (req.body as typeof S.StatusBody.static).reason,
        ),
    );
  }
  api.post(
    '/users/:id/reveal',
    { schema: { tags, params: IdParams, body: S.StatusBody, response: { 200: S.RevealReply } } },
    async (req) =>
      revealUserContact(
        deps,
        actorOf(req),
        (req.params as IdParams).id,
        (req.body as typeof S.StatusBody.static).reason,
      ),
  );
  api.get('/roles', { schema: { tags, response: { 200: S.RolesReply } } }, async (req) =>
    listRoles(deps, actorOf(req)),
  );
  api.post(
    '/grants',
    { schema: { tags, body: S.GrantBody, response: { 201: S.GrantReply } } },
    async (req, reply) => {
      reply.status(201);
      return addGrant(deps, actorOf(req), req.body as typeof S.GrantBody.static);
    },
  );
  api.delete(
    '/grants/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null() } } },
    async (req, reply) => {
      await removeGrant(deps, actorOf(req), (req.params as IdParams).id);
      return reply.status(204).send();
    },
  );
}
