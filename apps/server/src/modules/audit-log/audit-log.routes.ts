import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { Page, Uuid } from '../../kernel/http/schemas.js';
import { listAuditEvents, verifyChain } from './audit-log.service.js';

const tags = ['audit'];
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const AuditEvent = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actorId: Nullable(Type.String()),
  actorName: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  action: Type.String(),
  targetType: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  orgId: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
});

const AuditQuery = Type.Object(
  {
    action: Type.Optional(Type.String({ maxLength: 100 })),
    actorId: Type.Optional(Uuid),
    targetId: Type.Optional(Type.String({ maxLength: 100 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);

const VerifyReply = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  firstBadSeq: Type.Optional(Type.Integer()),
  reason: Type.Optional(Type.String()),
});

export async function auditLogRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  api.get(
    '/audit',
    { schema: { tags, querystring: AuditQuery, response: { 200: Page(AuditEvent) } } },
    async (req) => listAuditEvents(deps, actorOf(req), req.query as typeof AuditQuery.static),
  );
  api.post('/audit/verify', { schema: { tags, response: { 200: VerifyReply } } }, async (req) =>
    verifyChain(deps, actorOf(req)),
  );
}
