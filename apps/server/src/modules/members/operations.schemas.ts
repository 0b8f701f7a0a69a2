/** Schemas of the list, search, export and the actions on members (split from members.schemas.ts). */
import { type Static, Type } from '@sinclair/typebox';
import { Reason, Uuid } from '../../kernel/http/schemas.js';
import { OFFICER_ACTIONS } from './lifecycle.js';
import {
  Education,
  Gender,
  IsoDate,
  PII_FIELDS,
  SELF_EDITABLE_FIELDS,
  Status,
  TransferView,
} from './members.schemas.js';

const closed = { additionalProperties: false } as const;
const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const MemberListItem = Type.Object({
  id: Uuid,
  memberNo: Type.String(),
  name: Type.String(),
  gender: Gender,
  status: Status,
  orgId: Uuid,
  orgName: Type.String(),
  employer: Nullable(Type.String()),
  department: Nullable(Type.String()),
  joinDate: Nullable(Type.String()),
  phoneMasked: Nullable(Type.String()),
});
export type MemberListItem = Static<typeof MemberListItem>;

export const SORTS = ['joinDate', '-joinDate', 'name', '-name', 'memberNo', '-memberNo'] as const;
export type MemberSort = (typeof SORTS)[number];

const filterFields = {
  orgId: Type.Optional(Uuid),
  status: Type.Optional(Type.Array(Status, { maxItems: 8 })),
  gender: Type.Optional(Gender),
  education: Type.Optional(Education),
  employer: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  joinedFrom: Type.Optional(IsoDate),
  joinedTo: Type.Optional(IsoDate),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  sort: Type.Optional(lit(SORTS)),
};
export const MemberListQuery = Type.Object(
  {
    ...filterFields,
    page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  closed,
);
export type MemberListQuery = Static<typeof MemberListQuery>;
export const MemberFilter = Type.Object(filterFields, closed);
export type MemberFilter = Static<typeof MemberFilter>;

export const MemberPage = Type.Object({
  items: Type.Array(MemberListItem),
  total: Type.Integer(),
  /** False when the count stopped at the cap (the UI shows "10,000+"). */
  totalExact: Type.Boolean(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const RevealBody = Type.Object(
  { fields: Type.Array(lit(PII_FIELDS), { maxItems: 4, uniqueItems: true }), reason: Reason },
  closed,
);
export const RevealReply = Type.Object({
  idNumber: Type.Optional(Nullable(Type.String())),
  phone: Type.Optional(Nullable(Type.String())),
  address: Type.Optional(Nullable(Type.String())),
  email: Type.Optional(Nullable(Type.String())),
});

export const TransitionBody = Type.Object(
  { action: lit(OFFICER_ACTIONS), reason: Reason, effectiveDate: Type.Optional(IsoDate) },
  closed,
);
export type TransitionBody = Static<typeof TransitionBody>;

export const BulkBody = Type.Object(
  {
    ids: Type.Array(Uuid, { maxItems: 1000, uniqueItems: true }),
    action: Type.Union([lit(OFFICER_ACTIONS), Type.Literal('move')]),
    orgId: Type.Optional(Uuid),
    reason: Reason,
  },
  closed,
);
export type BulkBody = Static<typeof BulkBody>;
export const BulkReply = Type.Object({ updated: Type.Integer() });

export const TransferBody = Type.Object({ toOrgId: Uuid, reason: Reason }, closed);
export const DecisionBody = Type.Object({ reason: Reason }, closed);
export const TransferListQuery = Type.Object(
  {
    direction: Type.Optional(lit(['incoming', 'outgoing'] as const)),
    status: Type.Optional(lit(['pending', 'approved', 'rejected', 'cancelled'] as const)),
  },
  closed,
);
export const TransferList = Type.Object({ items: Type.Array(TransferView) });

export const SettingsParams = Type.Object({ unionId: Uuid }, closed);
export const SettingsBody = Type.Object(
  { selfEditable: Type.Array(lit(SELF_EDITABLE_FIELDS), { maxItems: 10, uniqueItems: true }) },
  closed,
);
export const SettingsReply = Type.Object({
  unionId: Uuid,
  selfEditable: Type.Array(lit(SELF_EDITABLE_FIELDS)),
  canEdit: Type.Boolean(),
});

export const ExportBody = Type.Object(
  {
    format: lit(['csv', 'xlsx'] as const),
    lang: Type.Optional(lit(['zh-CN', 'en'] as const)),
    filter: Type.Optional(MemberFilter),
    ids: Type.Optional(Type.Array(Uuid, { maxItems: 1000 })),
    reveal: Type.Optional(
      Type.Object(
        {
          fields: Type.Array(lit(PII_FIELDS), { minItems: 1, maxItems: 4, uniqueItems: true }),
          reason: Reason,
        },
        closed,
      ),
    ),
  },
  closed,
);
export type ExportBody = Static<typeof ExportBody>;

export const AccountBody = Type.Object(
  { username: Type.String({ minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9_.@-]+$' }) },
  closed,
);
export const AccountReply = Type.Object({ userId: Uuid, username: Type.String(), invited: Type.Boolean() });
