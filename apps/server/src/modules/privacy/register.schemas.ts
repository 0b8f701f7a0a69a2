/** TypeBox schemas of the processing register and the protection officer's contact (PIPL 52, 55, 17). */
import { type Static, type TLiteral, type TUnion, Type } from '@sinclair/typebox';
import { Uuid } from '../../kernel/http/schemas.js';

/** PIPL art. 13 lawful bases (13(1)2 split into its contract and human-resources halves). */
export const LEGAL_BASES = [
  'consent',
  'contract',
  'hr_management',
  'legal_duty',
  'public_health',
  'news_reporting',
  'published_info',
  'other_law',
] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/** PIPL art. 28 kinds of sensitive personal information. */
export const SENSITIVE_KINDS = [
  'biometric',
  'religion',
  'specific_identity',
  'health',
  'financial',
  'location',
  'minor',
  'other',
] as const;
export type SensitiveKind = (typeof SENSITIVE_KINDS)[number];

/** Role of an outside party: entrusted processor (PIPL 21), joint handler (20), recipient handler (23). */
export const PROCESSOR_ROLES = ['entrusted', 'joint', 'recipient'] as const;
/** The PIPL 38 mechanism for a transfer abroad. */
export const TRANSFER_MECHANISMS = [
  'security_assessment',
  'certification',
  'standard_contract',
  'exempt',
] as const;

const literals = <T extends string>(xs: readonly T[]) =>
  Type.Union(xs.map((x) => Type.Literal(x))) as unknown as TUnion<TLiteral<T>[]>;

export const LegalBasisSchema = literals(LEGAL_BASES);
const Text = (max: number) => Type.String({ maxLength: max });

export const Processor = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    role: literals(PROCESSOR_ROLES),
    service: Type.Optional(Text(500)),
    /** ISO 3166-1 alpha-2 code where the processor handles the data; required when cross-border. */
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    contractRef: Type.Optional(Text(200)),
    crossBorder: Type.Boolean(),
    transferMechanism: Type.Optional(literals(TRANSFER_MECHANISMS)),
  },
  { additionalProperties: false },
);
export type Processor = Static<typeof Processor>;

const ContentFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  purpose: Type.String({ minLength: 1, maxLength: 2000 }),
  legalBasis: LegalBasisSchema,
  legalBasisNote: Type.Optional(Text(1000)),
  individuals: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 30 })),
  dataCategories: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 60 })),
  sensitive: Type.Optional(Type.Array(literals(SENSITIVE_KINDS), { maxItems: 8, uniqueItems: true })),
  source: Type.Optional(Text(1000)),
  recipients: Type.Optional(Text(1000)),
  processors: Type.Optional(Type.Array(Processor, { maxItems: 30 })),
  retention: Type.Optional(Text(1000)),
  securityMeasures: Type.Optional(Text(4000)),
  responsible: Type.Optional(Text(200)),
  /** YYYY-MM-DD, not in the future. */
  reviewedOn: Type.Optional(Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Null()])),
  retired: Type.Optional(Type.Boolean()),
};

/** What a create or an edit sends (omitted optional fields are stored empty). */
export const ContentInput = Type.Object(ContentFields, { additionalProperties: false });
export type ContentInput = Static<typeof ContentInput>;

/** One version's content as stored and returned: every field present. */
export const Content = Type.Object({
  name: Type.String(),
  purpose: Type.String(),
  legalBasis: LegalBasisSchema,
  legalBasisNote: Type.String(),
  individuals: Type.Array(Type.String()),
  dataCategories: Type.Array(Type.String()),
  sensitive: Type.Array(literals(SENSITIVE_KINDS)),
  source: Type.String(),
  recipients: Type.String(),
  processors: Type.Array(
    Type.Object({
      name: Type.String(),
      role: literals(PROCESSOR_ROLES),
      service: Type.String(),
      country: Type.String(),
      contractRef: Type.String(),
      crossBorder: Type.Boolean(),
      transferMechanism: Type.Union([literals(TRANSFER_MECHANISMS), Type.Null()]),
    }),
  ),
  retention: Type.String(),
  securityMeasures: Type.String(),
  responsible: Type.String(),
  reviewedOn: Type.Union([Type.String(), Type.Null()]),
  retired: Type.Boolean(),
});
export type Content = Static<typeof Content>;

export const Lang = literals(['zh-CN', 'en'] as const);
export type Lang = Static<typeof Lang>;

export const CreateBody = Type.Object(
  { ...ContentFields, changeNote: Type.Optional(Text(500)) },
  { additionalProperties: false },
);
export type CreateBody = Static<typeof CreateBody>;
export const UpdateBody = Type.Object(
  {
    ...ContentFields,
    baseVersion: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    changeNote: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);
export type UpdateBody = Static<typeof UpdateBody>;
export const ReviewBody = Type.Object(
  { baseVersion: Type.Integer({ minimum: 1, maximum: 1_000_000 }), changeNote: Type.Optional(Text(500)) },
  { additionalProperties: false },
);
export type ReviewBody = Static<typeof ReviewBody>;

export const BUILTIN_KEYS = ['membership', 'dues_payments', 'casework', 'notifications', 'accounts'] as const;
export type BuiltinKey = (typeof BUILTIN_KEYS)[number];
export const AdoptBody = Type.Object(
  { key: literals(BUILTIN_KEYS), lang: Type.Optional(Lang) },
  { additionalProperties: false },
);
export type AdoptBody = Static<typeof AdoptBody>;

export const UnionParams = Type.Object({ unionId: Uuid }, { additionalProperties: false });
export type UnionParams = Static<typeof UnionParams>;
export const LangQuery = Type.Object({ lang: Type.Optional(Lang) }, { additionalProperties: false });
export const ExportQuery = Type.Object(
  {
    format: Type.Optional(literals(['csv', 'md'] as const)),
    lang: Type.Optional(Lang),
  },
  { additionalProperties: false },
);
export type ExportQuery = Static<typeof ExportQuery>;

const Missing = Type.Array(Type.String());
export const EntrySummary = Type.Object({
  id: Type.String(),
  builtinKey: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
  name: Type.String(),
  legalBasis: LegalBasisSchema,
  sensitive: Type.Array(Type.String()),
  processors: Type.Integer(),
  crossBorder: Type.Boolean(),
  reviewedOn: Type.Union([Type.String(), Type.Null()]),
  reviewDue: Type.Boolean(),
  missing: Missing,
  retired: Type.Boolean(),
  updatedAt: Type.String(),
});
const UnionRef = Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() });
export const RegisterReply = Type.Object({
  union: UnionRef,
  items: Type.Array(EntrySummary),
  /** Entries are due for review when last reviewed this many months ago or more. */
  reviewMonths: Type.Integer(),
});
export const VersionReply = Type.Object({
  version: Type.Integer(),
  content: Content,
  changeNote: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  createdBy: Type.String(),
});
export const EntryReply = Type.Object({
  id: Type.String(),
  union: UnionRef,
  builtinKey: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
  content: Content,
  reviewDue: Type.Boolean(),
  missing: Missing,
  createdAt: Type.String(),
  updatedAt: Type.String(),
  /** Every version, newest first. */
  history: Type.Array(VersionReply),
});
export const BuiltinsReply = Type.Object({
  items: Type.Array(
    Type.Object({
      key: Type.String(),
      content: Content,
      /** What in this installation the entry was derived from (code constants and configuration). */
      derivedFrom: Type.Array(Type.String()),
      adoptedId: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
export const UnionsReply = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      kind: Type.String(),
      depth: Type.Integer(),
      contact: Type.Union([Type.Literal('own'), Type.Literal('inherited'), Type.Literal('none')]),
      entries: Type.Integer(),
      reviewDue: Type.Integer(),
    }),
  ),
});

// --- the protection officer's contact -------------------------------------------------------------
export const ContactBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    title: Type.String({ minLength: 1, maxLength: 100 }),
    /** Mainland mobile, landline with area code, 400/800 numbers, or international (+…), extension (转…). */
    phone: Type.String({
      minLength: 3,
      maxLength: 40,
      pattern: '^[0-9+(][0-9()\\- ]{0,28}[0-9)](\\s?(转|ext\\.?|x)\\s?[0-9]{1,6})?$',
    }),
    email: Type.String({ format: 'email', minLength: 3, maxLength: 254 }),
    postalAddress: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type ContactBody = Static<typeof ContactBody>;

export const PublishedContact = Type.Object({
  name: Type.String(),
  title: Type.String(),
  phone: Type.String(),
  email: Type.String(),
  postalAddress: Type.Union([Type.String(), Type.Null()]),
});
/** The published answer: only the published fields and where they come from. */
export const PublicContactReply = Type.Object(
  {
    union: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
    contact: Type.Union([PublishedContact, Type.Null()]),
    /** The union whose officer this is: the union itself, or the nearest ancestor that named one. */
    source: Type.Union([
      Type.Object({ unionId: Type.String(), unionName: Type.String(), inherited: Type.Boolean() }),
      Type.Null(),
    ]),
    updatedAt: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export const PublicContactsReply = Type.Object({ items: Type.Array(PublicContactReply) });
export const OfficerContactReply = Type.Object({
  union: UnionRef,
  own: Type.Union([
    Type.Intersect([PublishedContact, Type.Object({ updatedAt: Type.String(), updatedBy: Type.String() })]),
    Type.Null(),
  ]),
  effective: PublicContactReply,
});
