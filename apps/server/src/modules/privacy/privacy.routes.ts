/** Transport only: the member's data export and deletion request, and the officers' request desk. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { IdParams } from '../../kernel/http/schemas.js';
import {
  declineDeletion,
  executeDeletion,
  listDeletionRequests,
  myDeletionRequest,
  requestDeletion,
  withdrawDeletion,
} from './deletion.service.js';
import { myDataExport } from './export.service.js';

const tags = ['privacy'];
const Status = Type.Union([
  Type.Literal('open'),
  Type.Literal('executed'),
  Type.Literal('declined'),
  Type.Literal('withdrawn'),
]);
const Request = Type.Object({
  id: Type.String(),
  status: Status,
  reason: Type.String(),
  requestedAt: Type.String(),
  dueAt: Type.String(),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  decisionReason: Type.Union([Type.String(), Type.Null()]),
});
const MyRequest = Type.Object({
  request: Type.Union([Request, Type.Null()]),
  workingDays: Type.Integer(),
});
const Reason = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 500 }) },
  { additionalProperties: false },
);
const Confirm = Type.Object(
  { confirm: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);
const ListQuery = Type.Object({ status: Type.Optional(Status) }, { additionalProperties: false });
const ListReply = Type.Object({
  items: Type.Array(
    Type.Intersect([
      Request,
      Type.Object({
        memberNo: Type.Union([Type.String(), Type.Null()]),
        memberName: Type.Union([Type.String(), Type.Null()]),
        username: Type.String(),
        orgId: Type.String(),
        orgName: Type.String(),
        overdue: Type.Boolean(),
      }),
    ]),
  ),
  workingDays: Type.Integer(),
});
const Row = Type.Record(Type.String(), Type.Unknown());
/** One section per linked column; rows keep the table's own column names (the schema decides). */
const ExportReply = Type.Object({
  format: Type.String(),
  generatedAt: Type.String(),
  account: Type.Union([Row, Type.Null()]),
  sections: Type.Array(
    Type.Object({
      table: Type.String(),
      column: Type.String(),
      kind: Type.Union([Type.Literal('rows'), Type.Literal('refs'), Type.Literal('secret')]),
      count: Type.Integer(),
      rows: Type.Optional(Type.Array(Row)),
      ids: Type.Optional(Type.Array(Type.String())),
      note: Type.Optional(Type.String()),
    }),
  ),
});
const Decided = Type.Object({
  status: Type.Union([Type.Literal('executed'), Type.Literal('declined')]),
  counts: Type.Optional(Type.Record(Type.String(), Type.Integer())),
});

export async function privacyRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  api.get('/my/data-export', { schema: { tags, response: { 200: ExportReply } } }, async (req, reply) => {
    const data = await myDataExport(deps, actorOf(req));
    const day = data.generatedAt.slice(0, 10);
    reply.header('content-disposition', `attachment; filename="unionhall-my-data-${day}.json"`);
    reply.header('cache-control', 'no-store');
    return data;
  });
  api.get('/my/deletion-request', { schema: { tags, response: { 200: MyRequest } } }, async (req) =>
    myDeletionRequest(deps, actorOf(req)),
  );
  api.post(
    '/my/deletion-request',
    { schema: { tags, body: Reason, response: { 200: MyRequest } } },
    async (req) => requestDeletion(deps, actorOf(req), (req.body as typeof Reason.static).reason),
  );
  api.post('/my/deletion-request/withdraw', { schema: { tags, response: { 200: MyRequest } } }, async (req) =>
    withdrawDeletion(deps, actorOf(req)),
  );
  api.get(
    '/privacy/deletion-requests',
    { schema: { tags, querystring: ListQuery, response: { 200: ListReply } } },
    async (req) => listDeletionRequests(deps, actorOf(req), (req.query as typeof ListQuery.static).status),
  );
  api.post(
    '/privacy/deletion-requests/:id/execute',
    { schema: { tags, params: IdParams, body: Confirm, response: { 200: Decided } } },
    async (req) =>
      executeDeletion(
        deps,
        actorOf(req),
        (req.params as IdParams).id,
        (req.body as typeof Confirm.static).confirm,
      ),
  );
  api.post(
    '/privacy/deletion-requests/:id/decline',
    { schema: { tags, params: IdParams, body: Reason, response: { 200: Decided } } },
    async (req) =>
      declineDeletion(
        deps,
        actorOf(req),
        (req.params as IdParams).id,
        (req.body as typeof Reason.static).reason,
      ),
  );
}
