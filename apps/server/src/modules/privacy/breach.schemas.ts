/** TypeBox schemas of the breach incident routes (bodies closed, every reply declared). */
import { type Static, Type } from '@sinclair/typebox';
import { Uuid } from '../../kernel/http/schemas.js';
import { BREACH_ACTION_NAMES, DATA_CATEGORIES } from './breach.catalogue.js';

const closed = { additionalProperties: false } as const;
const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const BreachStatus = lit(['open', 'contained', 'notified', 'closed'] as const);
export const Category = lit(DATA_CATEGORIES);
export const ActionName = lit(BREACH_ACTION_NAMES);
const DateTime = Type.String({ format: 'date-time' });
/** Free text up to `max` characters (may be empty until a notice needs it). */
const Text = (max: number) => Type.String({ maxLength: max });
const Title = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const Channel = lit(['account', 'offline'] as const);
const Lang = lit(['zh-CN', 'en'] as const);

export const ListQuery = Type.Object({ status: Type.Optional(BreachStatus) }, closed);
export type ListQuery = Static<typeof ListQuery>;

export const CreateBody = Type.Object(
  {
    orgId: Uuid,
    title: Title,
    description: Type.Optional(Text(5000)),
    discoveredAt: Type.Optional(DateTime),
  },
  closed,
);
export type CreateBody = Static<typeof CreateBody>;

export const PatchBody = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(Text(5000)),
    discoveredAt: Type.Optional(DateTime),
    occurredFrom: Type.Optional(Nullable(DateTime)),
    occurredTo: Type.Optional(Nullable(DateTime)),
    cause: Type.Optional(Text(5000)),
    categories: Type.Optional(Type.Array(Category, { maxItems: DATA_CATEGORIES.length, uniqueItems: true })),
    consequences: Type.Optional(Text(5000)),
    measuresTaken: Type.Optional(Text(5000)),
    memberMeasures: Type.Optional(Text(5000)),
    contact: Type.Optional(Text(1000)),
    delayReason: Type.Optional(Text(5000)),
  },
  { ...closed, minProperties: 1 },
);
export type PatchBody = Static<typeof PatchBody>;

export const ComputeBody = Type.Object(
  {
    from: DateTime,
    to: DateTime,
    actorIds: Type.Optional(Type.Array(Uuid, { maxItems: 50, uniqueItems: true })),
    actions: Type.Optional(Type.Array(ActionName, { minItems: 1, uniqueItems: true })),
    orgId: Type.Optional(Uuid),
  },
  closed,
);
export type ComputeBody = Static<typeof ComputeBody>;

export const RegulatorBody = Type.Object(
  {
    authority: Type.String({ minLength: 2, maxLength: 200, pattern: '\\S' }),
    reference: Type.Optional(Text(200)),
    notifiedAt: Type.Optional(DateTime),
  },
  closed,
);
export type RegulatorBody = Static<typeof RegulatorBody>;

export const CloseBody = Type.Object(
  { noMemberNoticeReason: Type.Optional(Type.String({ minLength: 10, maxLength: 2000, pattern: '\\S' })) },
  closed,
);
export type CloseBody = Static<typeof CloseBody>;

export const NoticeQuery = Type.Object({ lang: Type.Optional(Lang) }, closed);
export type NoticeQuery = Static<typeof NoticeQuery>;

export const MembersQuery = Type.Object(
  {
    channel: Type.Optional(Channel),
    page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  closed,
);
export type MembersQuery = Static<typeof MembersQuery>;

// ---- replies ------------------------------------------------------------------------------------
const Deadline = Type.Object({
  deadlineAt: Type.String(),
  /** Milliseconds until the 72-hour deadline (negative when past). */
  msLeft: Type.Integer(),
  overdue: Type.Boolean(),
  notifiedLate: Type.Boolean(),
});

export const BreachSummary = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  orgName: Type.String(),
  title: Type.String(),
  status: BreachStatus,
  discoveredAt: Type.String(),
  createdAt: Type.String(),
  regulatorNotifiedAt: Nullable(Type.String()),
  affected: Type.Union([Type.Integer(), Type.Null()]),
  deadline: Deadline,
});

export const ListReply = Type.Object({
  items: Type.Array(BreachSummary),
  /** Nodes where the caller may open an incident (security.admin). */
  orgs: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), depth: Type.Integer() })),
  now: Type.String(),
});

const Chain = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  firstBadSeq: Type.Optional(Type.Integer()),
  reason: Type.Optional(Type.String()),
  headHash: Type.Optional(Nullable(Type.String())),
});

const Totals = Type.Object({
  members: Type.Integer(),
  withAccount: Type.Integer(),
  offline: Type.Integer(),
  events: Type.Integer(),
  byCategory: Type.Record(Type.String(), Type.Integer()),
  unresolved: Type.Array(
    Type.Object({
      action: Type.String(),
      reason: lit(['bulk', 'anonymous_case', 'no_member'] as const),
      events: Type.Integer(),
      rows: Type.Integer(),
      categories: Type.Array(Type.String()),
    }),
  ),
  outsideScope: Type.Integer(),
});

const Snapshot = Type.Object({
  computedAt: Type.String(),
  scope: Type.Object({
    from: Type.String(),
    to: Type.String(),
    orgId: Type.String(),
    orgName: Type.String(),
    actions: Type.Union([Type.Array(Type.String()), Type.Null()]),
    actors: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  }),
  chain: Chain,
  totals: Totals,
  notices: Type.Object({ account: Type.Integer(), offline: Type.Integer(), notified: Type.Integer() }),
});

const RequiredField = Type.String();

export const BreachDetail = Type.Intersect([
  BreachSummary,
  Type.Object({
    description: Type.String(),
    occurredFrom: Nullable(Type.String()),
    occurredTo: Nullable(Type.String()),
    cause: Type.String(),
    categories: Type.Array(Type.String()),
    consequences: Type.String(),
    measuresTaken: Type.String(),
    memberMeasures: Type.String(),
    contact: Type.String(),
    delayReason: Type.String(),
    createdByName: Nullable(Type.String()),
    containedAt: Nullable(Type.String()),
    regulatorAuthority: Nullable(Type.String()),
    regulatorReference: Nullable(Type.String()),
    membersNotifiedAt: Nullable(Type.String()),
    noMemberNoticeReason: Nullable(Type.String()),
    closedAt: Nullable(Type.String()),
    snapshot: Type.Union([Snapshot, Type.Null()]),
    missing: Type.Object({
      regulator: Type.Array(RequiredField),
      members: Type.Array(RequiredField),
    }),
    abilities: Type.Object({
      manage: Type.Boolean(),
      edit: Type.Boolean(),
      contain: Type.Boolean(),
      compute: Type.Boolean(),
      notifyRegulator: Type.Boolean(),
      notifyMembers: Type.Boolean(),
      close: Type.Boolean(),
    }),
    history: Type.Array(
      Type.Object({
        seq: Type.String(),
        at: Type.String(),
        action: Type.String(),
        actorName: Nullable(Type.String()),
        details: Type.Record(Type.String(), Type.Unknown()),
      }),
    ),
    catalogue: Type.Array(
      Type.Object({
        action: Type.String(),
        group: Type.String(),
        bulk: Type.Boolean(),
        categories: Type.Array(Type.String()),
      }),
    ),
    now: Type.String(),
  }),
]);

export const AffectedPage = Type.Object({
  items: Type.Array(
    Type.Object({
      memberId: Type.String(),
      memberNo: Type.String(),
      nameMasked: Type.String(),
      orgName: Type.String(),
      events: Type.Integer(),
      actions: Type.Array(Type.String()),
      categories: Type.Array(Type.String()),
      firstAt: Type.String(),
      lastAt: Type.String(),
      sampleSeqs: Type.Array(Type.String()),
      channel: Channel,
      notifiedAt: Nullable(Type.String()),
    }),
  ),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const NoticeReply = Type.Object({ lang: Lang, fileName: Type.String(), text: Type.String() });

export const NotifyMembersReply = Type.Object({
  sent: Type.Integer(),
  alreadyNotified: Type.Integer(),
  offline: Type.Integer(),
});
