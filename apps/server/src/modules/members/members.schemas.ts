/** Request and response schemas of the member registry (TypeBox) and their static types. */
import { type Static, type TOptional, type TProperties, type TSchema, Type } from '@sinclair/typebox';
import { Uuid } from '../../kernel/http/schemas.js';
import { ID_TYPES } from './identity-docs.js';
import { MEMBER_STATUSES, OFFICER_ACTIONS } from './lifecycle.js';

const closed = { additionalProperties: false } as const;
const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const EDUCATION_LEVELS = [
  'primary',
  'junior_high',
  'senior_high',
  'vocational',
  'associate',
  'bachelor',
  'master',
  'doctorate',
  'other',
] as const;
export const GENDERS = ['male', 'female', 'unspecified'] as const;
/** Fields a union may let members edit themselves. */
export const SELF_EDITABLE_FIELDS = [
  'name',
  'gender',
  'birthDate',
  'phone',
  'email',
  'address',
  'employer',
  'department',
  'jobTitle',
  'education',
] as const;
export type SelfEditableField = (typeof SELF_EDITABLE_FIELDS)[number];
export const PII_FIELDS = ['idNumber', 'phone', 'address', 'email'] as const;
export type PiiField = (typeof PII_FIELDS)[number];

export const Status = lit(MEMBER_STATUSES);
export const Gender = lit(GENDERS);
export const IdTypeSchema = lit(ID_TYPES);
export const Education = lit(EDUCATION_LEVELS);
export const IsoDate = Type.String({ format: 'date' });
const Text = (max: number) => Type.String({ maxLength: max });
const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });

/** Personal fields shared by create, edit, application and the member's own profile. */
const personFields = {
  name: Name,
  gender: Gender,
  birthDate: Type.Union([IsoDate, Type.Null()]),
  idType: IdTypeSchema,
  idNumber: Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()]),
  phone: Type.Union([Type.String({ minLength: 1, maxLength: 24 }), Type.Null()]),
  email: Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()]),
  address: Type.Union([Text(300), Type.Null()]),
  employer: Type.Union([Text(200), Type.Null()]),
  department: Type.Union([Text(200), Type.Null()]),
  jobTitle: Type.Union([Text(100), Type.Null()]),
  education: Type.Union([Education, Type.Null()]),
};
function optionalAll<T extends TProperties>(props: T): { [K in keyof T]: TOptional<T[K]> } {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, Type.Optional(v as TSchema)])) as never;
}
const optionalPerson = optionalAll(personFields);

export const CreateMemberBody = Type.Object(
  {
    ...optionalPerson,
    name: Name,
    orgId: Uuid,
    joinDate: Type.Optional(IsoDate),
    /** The officer confirms the member signed the paper consent for sensitive data. */
    sensitiveConsentAttested: Type.Optional(Type.Boolean()),
  },
  closed,
);
export type CreateMemberBody = Static<typeof CreateMemberBody>;

export const UpdateMemberBody = Type.Object(
  {
    ...optionalPerson,
    orgId: Type.Optional(Uuid),
    joinDate: Type.Optional(IsoDate),
    sensitiveConsentAttested: Type.Optional(Type.Boolean()),
  },
  { ...closed, minProperties: 1 },
);
export type UpdateMemberBody = Static<typeof UpdateMemberBody>;

/**
 * The member's own profile edit. Every record field is declared (optional) so that a body carrying
 * fields the union does not let members edit (status, orgId, memberNo...) is accepted and those fields
 * are ignored, as the issue asks; fields that are not part of a member record at all are refused.
 */
export const MyProfileBody = Type.Object(
  {
    ...optionalPerson,
    orgId: Type.Optional(Type.String({ maxLength: 100 })),
    unionId: Type.Optional(Type.String({ maxLength: 100 })),
    status: Type.Optional(Type.String({ maxLength: 40 })),
    memberNo: Type.Optional(Type.String({ maxLength: 40 })),
    joinDate: Type.Optional(Type.String({ maxLength: 40 })),
    role: Type.Optional(Type.String({ maxLength: 64 })),
    userId: Type.Optional(Type.String({ maxLength: 100 })),
  },
  closed,
);
export type MyProfileBody = Static<typeof MyProfileBody>;

export const MemberAbilities = Type.Object({
  edit: Type.Boolean(),
  reveal: Type.Boolean(),
  actions: Type.Array(lit(OFFICER_ACTIONS)),
  transfer: Type.Boolean(),
  createAccount: Type.Boolean(),
});

export const MemberView = Type.Object({
  id: Uuid,
  memberNo: Type.String(),
  unionId: Uuid,
  unionName: Type.String(),
  orgId: Uuid,
  orgName: Type.String(),
  status: Status,
  name: Type.String(),
  gender: Gender,
  birthDate: Nullable(Type.String()),
  idType: IdTypeSchema,
  idNumberMasked: Nullable(Type.String()),
  phoneMasked: Nullable(Type.String()),
  emailMasked: Nullable(Type.String()),
  addressMasked: Nullable(Type.String()),
  employer: Nullable(Type.String()),
  department: Nullable(Type.String()),
  jobTitle: Nullable(Type.String()),
  education: Type.Union([Education, Type.Null()]),
  joinDate: Nullable(Type.String()),
  hasAccount: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  abilities: MemberAbilities,
});
export type MemberView = Static<typeof MemberView>;

export const MemberEventView = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  action: Type.String(),
  fromStatus: Type.Union([Status, Type.Null()]),
  toStatus: Status,
  effectiveDate: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  unionName: Type.String(),
  orgName: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
});
export type MemberEventView = Static<typeof MemberEventView>;

export const TransferView = Type.Object({
  id: Uuid,
  memberId: Uuid,
  memberName: Type.String(),
  fromUnionId: Uuid,
  fromUnionName: Type.String(),
  toUnionId: Uuid,
  toUnionName: Type.String(),
  toOrgId: Uuid,
  status: lit(['pending', 'approved', 'rejected', 'cancelled'] as const),
  reason: Type.String(),
  requestedAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  decisionReason: Nullable(Type.String()),
  canApprove: Type.Boolean(),
  canCancel: Type.Boolean(),
});
export type TransferView = Static<typeof TransferView>;

export const MemberDetail = Type.Object({
  member: MemberView,
  history: Type.Array(MemberEventView),
  pendingTransfer: Type.Union([TransferView, Type.Null()]),
});
