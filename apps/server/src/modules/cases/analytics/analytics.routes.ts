/** Transport only: dashboard and early-warning list. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../../kernel/auth/auth-hook.js';
import type { Deps } from '../../../kernel/deps.js';
import { type DashboardQuery, dashboard, type HotspotQuery, hotspots } from './analytics.service.js';

const tags = ['cases analytics'];
const Drill = Type.Record(Type.String(), Type.String());
const Num = Type.Union([Type.Number(), Type.Null()]);

const DashboardQuerySchema = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    typeKey: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);
const DashboardReply = Type.Object({
  range: Type.Object({ from: Type.String(), to: Type.String() }),
  /** the figures are exact as of this time (the rollups move in the same transaction as the cases) */
  asOf: Type.String(),
  summary: Type.Object({
    total: Type.Integer(),
    open: Type.Integer(),
    slaBreachRate: Num,
    avgFirstResponseHours: Num,
    medianFirstResponseHours: Num,
    avgResolutionHours: Num,
    satisfaction: Num,
    rated: Type.Integer(),
  }),
  byTypeMonth: Type.Array(
    Type.Object({ typeKey: Type.String(), month: Type.String(), count: Type.Integer(), drill: Drill }),
  ),
  byOrg: Type.Array(
    Type.Object({
      orgId: Type.String(),
      orgName: Type.String(),
      count: Type.Integer(),
      open: Type.Integer(),
      drill: Drill,
    }),
  ),
  backlog: Type.Array(Type.Object({ state: Type.String(), count: Type.Integer(), drill: Drill })),
});

const HotspotQuerySchema = Type.Object(
  {
    typeKey: Type.Optional(Type.Union([Type.Literal('injury'), Type.Literal('labour_dispute')])),
    days: Type.Optional(Type.Integer({ minimum: 7, maximum: 730 })),
    dimension: Type.Optional(
      Type.Union([
        Type.Literal('unit'),
        Type.Literal('location'),
        Type.Literal('body_part'),
        Type.Literal('department'),
      ]),
    ),
  },
  { additionalProperties: false },
);
const HotspotReply = Type.Object({
  typeKey: Type.String(),
  dimension: Type.String(),
  range: Type.Object({ from: Type.String(), to: Type.String() }),
  asOf: Type.String(),
  /** when the member head counts were taken (a snapshot refreshed every 10 minutes, or now) */
  membersAsOf: Type.String(),
  overallRatePer100: Type.Number(),
  members: Type.Integer(),
  items: Type.Array(
    Type.Object({
      key: Type.String(),
      label: Type.String(),
      members: Type.Integer(),
      count: Type.Integer(),
      previous: Type.Integer(),
      ratePer100: Num,
      smoothedPer100: Num,
      expected: Num,
      pAbove: Num,
      pRising: Num,
      above: Type.Boolean(),
      rising: Type.Boolean(),
      explanation: Type.Object({ zh: Type.String(), en: Type.String() }),
      drill: Drill,
    }),
  ),
});

export async function analyticsRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  api.get(
    '/cases/analytics/dashboard',
    { schema: { tags, querystring: DashboardQuerySchema, response: { 200: DashboardReply } } },
    async (req) => dashboard(deps, actorOf(req), req.query as DashboardQuery),
  );
  api.get(
    '/cases/analytics/hotspots',
    { schema: { tags, querystring: HotspotQuerySchema, response: { 200: HotspotReply } } },
    async (req) => hotspots(deps, actorOf(req), req.query as HotspotQuery),
  );
}
