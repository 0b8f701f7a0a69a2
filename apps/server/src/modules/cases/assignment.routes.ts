/** Transport only: the union's assignment rules and the handler picker. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { Uuid } from '../../kernel/http/schemas.js';
import type { RuleInsert } from './assignment.repo.js';
import { listRuleHandlers, listRules, saveRules } from './assignment.service.js';
import { UnionParams } from './cases.schemas.js';

const tags = ['cases'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Mode = Type.Union([Type.Literal('user'), Type.Literal('round_robin')]);
const TypeKey = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' });

const RuleInput = Type.Object(
  { orgId: Uuid, typeKey: Nullable(TypeKey), mode: Mode, userId: Nullable(Uuid) },
  { additionalProperties: false },
);
const Rule = Type.Object({
  id: Uuid,
  orgId: Uuid,
  orgName: Type.String(),
  typeKey: Nullable(Type.String()),
  mode: Mode,
  userId: Nullable(Uuid),
  userName: Nullable(Type.String()),
});
const RulesReply = Type.Object({ rules: Type.Array(Rule) });
const SaveRulesBody = Type.Object(
  { rules: Type.Array(RuleInput, { maxItems: 500 }) },
  { additionalProperties: false },
);
/** orgId defaults to the union itself */
const HandlersQuery = Type.Object({ orgId: Type.Optional(Uuid) }, { additionalProperties: false });
const HandlersReply = Type.Object({
  items: Type.Array(Type.Object({ userId: Uuid, username: Type.String(), displayName: Type.String() })),
});

export async function assignmentRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  api.get(
    '/cases/assignment-rules/:unionId',
    { schema: { tags, params: UnionParams, response: { 200: RulesReply } } },
    async (req) => listRules(deps, actorOf(req), (req.params as typeof UnionParams.static).unionId),
  );
  api.put(
    '/cases/assignment-rules/:unionId',
    { schema: { tags, params: UnionParams, body: SaveRulesBody, response: { 200: RulesReply } } },
    async (req) =>
      saveRules(
        deps,
        actorOf(req),
        (req.params as typeof UnionParams.static).unionId,
        (req.body as { rules: RuleInsert[] }).rules,
      ),
  );
  api.get(
    '/cases/assignment-rules/:unionId/handlers',
    { schema: { tags, params: UnionParams, querystring: HandlersQuery, response: { 200: HandlersReply } } },
    async (req) =>
      listRuleHandlers(
        deps,
        actorOf(req),
        (req.params as typeof UnionParams.static).unionId,
        (req.query as typeof HandlersQuery.static).orgId ?? (req.params as typeof UnionParams.static).unionId,
      ),
  );
}
