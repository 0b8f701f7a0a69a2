/** Request and response schemas of the cases routes (TypeBox). */
import { type Static, Type } from '@sinclair/typebox';
import { PageQuery, Reason, Uuid } from '../../kernel/http/schemas.js';
import { CaseTypeDef } from './case-types.js';

const Ts = Type.String({ format: 'date-time' });
const NullTs = Type.Union([Ts, Type.Null()]);
const FieldValue = Type.Union([Type.String({ maxLength: 5000 }), Type.Number()]);

export const CaseTypeView = Type.Object({
  key: Type.String(),
  name: Type.Object({ zh: Type.String(), en: Type.String() }),
  allowAnonymous: Type.Boolean(),
  fields: CaseTypeDef.properties.fields,
  custom: Type.Boolean(),
});
export const CaseTypesReply = Type.Object({ items: Type.Array(CaseTypeView) });
/** The officer's view of a type also carries its workflow and SLA (the type editor round-trips them). */
export const OfficerCaseTypeView = Type.Composite([
  CaseTypeView,
  Type.Object({ workflow: CaseTypeDef.properties.workflow, sla: CaseTypeDef.properties.sla }),
]);
export const OfficerCaseTypesReply = Type.Object({ items: Type.Array(OfficerCaseTypeView) });

export const SubmitCaseBody = Type.Object(
  {
    typeKey: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
    title: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    fields: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), FieldValue, {
      maxProperties: 30,
    }),
    anonymous: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type SubmitCaseBody = Static<typeof SubmitCaseBody>;

export const CaseEventView = Type.Object({
  id: Type.String(),
  at: Ts,
  actorRole: Type.String(),
  /** The acting officer's account; never set for the member of an anonymous case. */
  actorId: Type.Union([Uuid, Type.Null()]),
  kind: Type.String(),
  action: Type.Union([Type.String(), Type.Null()]),
  fromState: Type.Union([Type.String(), Type.Null()]),
  toState: Type.Union([Type.String(), Type.Null()]),
  visibleToMember: Type.Boolean(),
  body: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
});

export const AttachmentView = Type.Object({
  id: Uuid,
  fileName: Type.String(),
  mime: Type.String(),
  sizeBytes: Type.Integer(),
  uploaderRole: Type.String(),
  createdAt: Ts,
});

export const CaseSummary = Type.Object({
  id: Uuid,
  ref: Type.String(),
  typeKey: Type.String(),
  state: Type.String(),
  title: Type.String(),
  anonymous: Type.Boolean(),
  orgId: Uuid,
  assigneeId: Type.Union([Uuid, Type.Null()]),
  createdAt: Ts,
  updatedAt: Ts,
  firstResponseDueAt: NullTs,
  resolutionDueAt: NullTs,
  firstResponseBreached: Type.Boolean(),
  resolutionBreached: Type.Boolean(),
  paused: Type.Boolean(),
  escalationLevel: Type.Integer(),
});
export type CaseSummary = Static<typeof CaseSummary>;

export const CaseDetail = Type.Intersect([
  CaseSummary,
  Type.Object({
    stage: Type.Union([Type.String(), Type.Null()]),
    fields: Type.Record(Type.String(), FieldValue),
    fieldsMasked: Type.Boolean(),
    /** The submitter's account, for named cases seen by a handler; always null for anonymous cases. */
    submitterId: Type.Union([Uuid, Type.Null()]),
    pauseReason: Type.Union([Type.String(), Type.Null()]),
    firstResponseAt: NullTs,
    resolvedAt: NullTs,
    closedAt: NullTs,
    satisfaction: Type.Union([Type.Integer(), Type.Null()]),
    events: Type.Array(CaseEventView),
    attachments: Type.Array(AttachmentView),
    abilities: Type.Object({ actions: Type.Array(Type.String()), message: Type.Boolean() }),
  }),
]);
export type CaseDetail = Static<typeof CaseDetail>;

export const MyCasesReply = Type.Object({ items: Type.Array(CaseSummary) });

export const CaseListQuery = Type.Object(
  {
    state: Type.Optional(Type.String({ maxLength: 40 })),
    open: Type.Optional(Type.Boolean()),
    typeKey: Type.Optional(Type.String({ maxLength: 40 })),
    orgId: Type.Optional(Uuid),
    mine: Type.Optional(Type.Boolean()),
    // drill-down filters used by the dashboard figures
    originOrgId: Type.Optional(Uuid),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    month: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$' })),
    location: Type.Optional(Type.String({ maxLength: 80 })),
    bodyPart: Type.Optional(Type.String({ maxLength: 80 })),
    breached: Type.Optional(Type.Boolean()),
    department: Type.Optional(Type.String({ maxLength: 200 })),
    /** keyset pagination: the nextCursor of the previous page (replaces page) */
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type CaseListQuery = Static<typeof CaseListQuery>;

export const ExportQuery = Type.Composite(
  [
    Type.Omit(CaseListQuery, ['page', 'pageSize', 'cursor']),
    Type.Object({ format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])) }),
  ],
  { additionalProperties: false },
);
export const FileReply = Type.String({ description: 'file download (attachment)' });

export const CaseListReply = Type.Object({
  items: Type.Array(CaseSummary),
  /** exact up to 1000; with totalCapped the queue holds more than that */
  total: Type.Integer(),
  totalCapped: Type.Boolean(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const HandlerActionBody = Type.Object(
  {
    action: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
    reason: Type.Optional(Reason),
    message: Type.Optional(Type.String({ minLength: 1, maxLength: 5000 })),
  },
  { additionalProperties: false },
);
export type HandlerActionBody = Static<typeof HandlerActionBody>;

export const MemberActionBody = Type.Object(
  {
    action: Type.Union([
      Type.Literal('member_answers'),
      Type.Literal('confirm'),
      Type.Literal('reopen'),
      Type.Literal('withdraw'),
    ]),
    reason: Type.Optional(Reason),
    message: Type.Optional(Type.String({ minLength: 1, maxLength: 5000 })),
    rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  },
  { additionalProperties: false },
);
export type MemberActionBody = Static<typeof MemberActionBody>;

export const MessageBody = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: 5000, pattern: '\\S' }),
    /** false: an internal note the member never sees. */
    toMember: Type.Boolean(),
  },
  { additionalProperties: false },
);
export const MemberMessageBody = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 5000, pattern: '\\S' }) },
  { additionalProperties: false },
);

export const RevealIdentityBody = Type.Object({ reason: Reason }, { additionalProperties: false });
export const RevealIdentityReply = Type.Object({
  userId: Type.Union([Uuid, Type.Null()]),
  memberId: Type.Union([Uuid, Type.Null()]),
});

// the key and the definition are checked by the service after the access check (validateCaseType)
export const CaseTypeParams = Type.Object(
  { unionId: Uuid, key: Type.String({ minLength: 1, maxLength: 60 }) },
  { additionalProperties: false },
);
export const SaveCaseTypeBody = Type.Object({ definition: Type.Unknown() }, { additionalProperties: false });
export const UnionParams = Type.Object({ unionId: Uuid }, { additionalProperties: false });
