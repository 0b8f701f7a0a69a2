/** Schemas of the member portal (/api/my/...) and the public join application (/api/join/...). */
import { Type } from '@sinclair/typebox';
import { Uuid } from '../../kernel/http/schemas.js';
import { CONSENT_PURPOSES } from './consents.js';
import {
  Education,
  Gender,
  IdTypeSchema,
  MemberEventView,
  MemberView,
  SELF_EDITABLE_FIELDS,
} from './members.schemas.js';

const closed = { additionalProperties: false } as const;
const Purpose = Type.Union(Object.keys(CONSENT_PURPOSES).map((p) => Type.Literal(p)));

export const ConsentState = Type.Object({
  purpose: Type.String(),
  currentVersion: Type.String(),
  required: Type.Boolean(),
  granted: Type.Boolean(),
  version: Type.Union([Type.String(), Type.Null()]),
  at: Type.Union([Type.String(), Type.Null()]),
});
export const ConsentEntry = Type.Object({
  id: Type.Integer(),
  purpose: Type.String(),
  version: Type.String(),
  granted: Type.Boolean(),
  at: Type.String(),
  source: Type.String(),
});

export const MyProfileReply = Type.Object({
  member: MemberView,
  editable: Type.Array(Type.Union(SELF_EDITABLE_FIELDS.map((f) => Type.Literal(f)))),
  consents: Type.Array(ConsentState),
});
export const MyProfileUpdateReply = Type.Object({
  member: MemberView,
  applied: Type.Array(Type.String()),
  ignored: Type.Array(Type.String()),
});
export const MyHistoryReply = Type.Object({ items: Type.Array(MemberEventView) });
export const MyConsentsReply = Type.Object({
  purposes: Type.Array(ConsentState),
  history: Type.Array(ConsentEntry),
});
export const ConsentBody = Type.Object({ purpose: Purpose, granted: Type.Boolean() }, closed);

export const UnionParams = Type.Object({ unionId: Uuid }, closed);
export const JoinInfoReply = Type.Object({
  unionId: Uuid,
  unionName: Type.String(),
  consents: Type.Array(
    Type.Object({ purpose: Type.String(), version: Type.String(), required: Type.Boolean() }),
  ),
});
export const JoinBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
    gender: Type.Optional(Gender),
    idType: Type.Optional(IdTypeSchema),
    idNumber: Type.String({ minLength: 4, maxLength: 40 }),
    phone: Type.String({ minLength: 6, maxLength: 24 }),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    address: Type.Optional(Type.String({ maxLength: 300 })),
    employer: Type.Optional(Type.String({ maxLength: 200 })),
    department: Type.Optional(Type.String({ maxLength: 200 })),
    jobTitle: Type.Optional(Type.String({ maxLength: 100 })),
    education: Type.Optional(Education),
    /** Separate consent to store the ID number, phone and address (PIPL art. 29): must be true. */
    consentSensitivePi: Type.Literal(true),
    consentNotifications: Type.Optional(Type.Boolean()),
  },
  closed,
);
export const JoinReply = Type.Object({ status: Type.Literal('received') });
export const UnionsReply = Type.Object({ items: Type.Array(Type.Object({ id: Uuid, name: Type.String() })) });
