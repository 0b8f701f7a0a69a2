/** Request and response schemas of the dues routes (TypeBox). */
import { type Static, Type } from '@sinclair/typebox';
import { PageQuery, Reason, Uuid } from '../../kernel/http/schemas.js';

const closed = { additionalProperties: false } as const;
// months and dates are checked in the services (after the access check): 400 dues.invalid_period
const Period = Type.String({ minLength: 1, maxLength: 10, description: 'YYYY-MM' });
const DateStr = Type.String({ minLength: 1, maxLength: 10, description: 'YYYY-MM-DD' });
const Fen = Type.Integer({ minimum: 0, maximum: 2_000_000_000 });
const PositiveFen = Type.Integer({ minimum: 1, maximum: 2_000_000_000 });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** orgId defaults to the caller's own org node. */
export const OrgQuery = Type.Object({ orgId: Type.Optional(Uuid) }, closed);
export type OrgQuery = Static<typeof OrgQuery>;

export const RuleView = Type.Object({
  id: Uuid,
  unionId: Uuid,
  effectiveFrom: Type.String(),
  ratePercent: Type.String(),
  roundingUnit: Type.Union([Type.Literal(1), Type.Literal(10), Type.Literal(100)]),
  roundingMode: Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('half_up')]),
  minimumFen: Type.Integer(),
  retainedPercent: Type.Integer(),
  createdAt: Type.String(),
});
export const RulesReply = Type.Object({ items: Type.Array(RuleView) });

export const RuleBody = Type.Object(
  {
    unionId: Uuid,
    effectiveFrom: DateStr,
    ratePercent: Type.String({ minLength: 1, maxLength: 12, description: 'percent, e.g. "0.5"' }),
    roundingUnit: Type.Union([Type.Literal(1), Type.Literal(10), Type.Literal(100)]),
    roundingMode: Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('half_up')]),
    minimumFen: Fen,
    retainedPercent: Type.Integer({ minimum: 0, maximum: 100 }),
  },
  closed,
);
export type RuleBody = Static<typeof RuleBody>;

const PeriodView = Type.Object({ period: Type.String(), dueFen: Type.Integer(), paidFen: Type.Integer() });
export const EntryView = Type.Object({
  id: Uuid,
  kind: Type.String(),
  amountFen: Type.Integer(),
  period: Nullable(Type.String()),
  source: Nullable(Type.String()),
  reference: Nullable(Type.String()),
  reversesId: Nullable(Type.String()),
  at: Type.String(),
});

export const MemberDuesReply = Type.Object({
  member: Type.Object({
    id: Uuid,
    name: Type.String(),
    memberNo: Type.String(),
    status: Type.String(),
    orgId: Uuid,
  }),
  balanceFen: Type.Integer(),
  owedFen: Type.Integer(),
  periods: Type.Array(PeriodView),
  entries: Type.Array(EntryView),
  wages: Type.Array(Type.Object({ effectiveFrom: Type.String(), wage: Type.String() })),
  exemptions: Type.Array(
    Type.Object({
      id: Uuid,
      kind: Type.String(),
      percentPayable: Type.Integer(),
      fromPeriod: Type.String(),
      toPeriod: Nullable(Type.String()),
      reason: Type.String(),
    }),
  ),
});

export const MyDuesReply = Type.Object({
  memberId: Uuid,
  status: Type.String(),
  balanceFen: Type.Integer(),
  owedFen: Type.Integer(),
  periods: Type.Array(PeriodView),
  entries: Type.Array(EntryView),
});

export const WageBody = Type.Object({ effectiveFrom: DateStr, wageFen: Fen }, closed);
export type WageBody = Static<typeof WageBody>;
export const ReasonBody = Type.Object({ reason: Reason }, closed);
export type ReasonBody = Static<typeof ReasonBody>;
export const WagesRevealReply = Type.Object({
  items: Type.Array(Type.Object({ effectiveFrom: Type.String(), wageFen: Type.Integer() })),
});

export const ExemptionBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('hardship'), Type.Literal('other')]),
    percentPayable: Type.Integer({ minimum: 0, maximum: 99 }),
    fromPeriod: Period,
    toPeriod: Type.Optional(Period),
    reason: Reason,
  },
  closed,
);
export type ExemptionBody = Static<typeof ExemptionBody>;

export const CashBody = Type.Object(
  {
    amountFen: PositiveFen,
    reference: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' })),
  },
  closed,
);
export type CashBody = Static<typeof CashBody>;

export const ScheduleBody = Type.Object({ unionId: Uuid, period: Period }, closed);
export type ScheduleBody = Static<typeof ScheduleBody>;
export const ScheduleReply = Type.Object({
  unionId: Uuid,
  period: Type.String(),
  scheduled: Type.Integer(),
  withoutWage: Type.Integer(),
  ruleFound: Type.Boolean(),
});

export const ArrearsQuery = Type.Object(
  {
    orgId: Type.Optional(Uuid),
    minMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 120 })),
    ...PageQuery,
  },
  closed,
);
export type ArrearsQuery = Static<typeof ArrearsQuery>;
export const ArrearsReply = Type.Object({
  items: Type.Array(
    Type.Object({
      memberId: Uuid,
      name: Type.String(),
      memberNo: Type.String(),
      orgId: Uuid,
      orgName: Type.String(),
      hasAccount: Type.Boolean(),
      months: Type.Integer(),
      owedFen: Type.Integer(),
      oldestPeriod: Type.String(),
    }),
  ),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const RemindBody = Type.Object(
  { orgId: Uuid, minMonths: Type.Integer({ minimum: 1, maximum: 120 }) },
  closed,
);
export type RemindBody = Static<typeof RemindBody>;
export const RemindReply = Type.Object({
  sent: Type.Integer(),
  alreadyReminded: Type.Integer(),
  withoutAccount: Type.Integer(),
});

export const DashboardQuery = Type.Object(
  { orgId: Type.Optional(Uuid), from: Type.Optional(Period), to: Type.Optional(Period) },
  closed,
);
export type DashboardQuery = Static<typeof DashboardQuery>;
export const DashboardReply = Type.Object({
  orgId: Uuid,
  from: Type.String(),
  to: Type.String(),
  items: Type.Array(
    Type.Object({
      unitId: Uuid,
      unitName: Type.String(),
      period: Type.String(),
      dueFen: Type.Integer(),
      paidFen: Type.Integer(),
      members: Type.Integer(),
    }),
  ),
});
export const DrillQuery = Type.Object({ orgId: Type.Optional(Uuid), period: Type.Optional(Period) }, closed);
export type DrillQuery = Static<typeof DrillQuery>;
export const DrillReply = Type.Object({
  items: Type.Array(
    Type.Object({
      memberId: Uuid,
      name: Type.String(),
      memberNo: Type.String(),
      orgName: Type.String(),
      dueFen: Type.Integer(),
      paidFen: Type.Integer(),
    }),
  ),
});

export const PayrollQuery = Type.Object(
  {
    orgId: Type.Optional(Uuid),
    mode: Type.Optional(Type.Union([Type.Literal('dry_run'), Type.Literal('apply')])),
  },
  closed,
);
export type PayrollQuery = Static<typeof PayrollQuery>;
const Summary = Type.Record(Type.String(), Type.Integer());
export const PayrollReply = Type.Object({
  id: Uuid,
  orgId: Uuid,
  fileName: Nullable(Type.String()),
  createdAt: Type.String(),
  applied: Type.Boolean(),
  summary: Summary,
  report: Type.Array(
    Type.Object({
      rowNo: Type.Integer(),
      key: Type.String(),
      period: Nullable(Type.String()),
      amountFen: Type.Union([Type.Integer(), Type.Null()]),
      problem: Type.String(),
      dueFen: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
});
export const PayrollListReply = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Uuid,
      orgId: Uuid,
      fileName: Nullable(Type.String()),
      createdAt: Type.String(),
      applied: Type.Boolean(),
      summary: Summary,
    }),
  ),
});
export const ReportQuery = Type.Object(
  { lang: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])) },
  closed,
);
export type ReportQuery = Static<typeof ReportQuery>;
