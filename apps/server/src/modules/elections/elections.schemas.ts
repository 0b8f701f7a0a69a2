import { type Static, Type } from '@sinclair/typebox';
import { Uuid } from '../../kernel/http/schemas.js';

const Hex64 = Type.String({ pattern: '^[0-9a-f]{64}$' });
const Slug = Type.String({ pattern: '^[a-z0-9_-]{1,40}$' });
const Profile = Type.Union([
  Type.Literal('cn_grassroots'),
  Type.Literal('us_lmrda'),
  Type.Literal('uk_statutory'),
  Type.Literal('custom'),
]);
const ElectionStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('announced'),
  Type.Literal('ready'),
  Type.Literal('closed'),
  Type.Literal('tallied'),
]);

export const RulesOverride = Type.Object(
  {
    quorumOfEntitled: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    majorityBase: Type.Optional(Type.Union([Type.Literal('entitled'), Type.Literal('voting')])),
    majorityFraction: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    minCandidateSurplus: Type.Optional(Type.Number({ minimum: 0, maximum: 10 })),
    turnoutMin: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    yesOfEntitledMin: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    noticeDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
    retentionYears: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 })),
    duesStanding: Type.Optional(Type.Union([Type.Literal('ignore'), Type.Literal('not_in_arrears')])),
    /** Re-voting (only the last ballot counts); honoured for the `custom` profile only. */
    allowRevote: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ContestInput = Type.Object(
  {
    id: Slug,
    kind: Type.Union([Type.Literal('single'), Type.Literal('multi'), Type.Literal('yes_no')]),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    minSelections: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    maxSelections: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    candidates: Type.Optional(
      Type.Array(
        Type.Object(
          { id: Slug, name: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        { maxItems: 200 },
      ),
    ),
  },
  { additionalProperties: false },
);

export const CreateElectionBody = Type.Object(
  {
    orgId: Uuid,
    title: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    profile: Profile,
    rules: Type.Optional(RulesOverride),
    opensAt: Type.String({ format: 'date-time' }),
    closesAt: Type.String({ format: 'date-time' }),
    // At least one trustee and one contest: checked after the access check (election.invalid_definition).
    trusteeUserIds: Type.Array(Uuid, { maxItems: 20, uniqueItems: true }),
    threshold: Type.Integer({ minimum: 1, maximum: 20 }),
    contests: Type.Array(ContestInput, { maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type CreateElectionBody = Static<typeof CreateElectionBody>;

export const ElectionView = Type.Object({
  id: Uuid,
  orgId: Uuid,
  title: Type.String(),
  profile: Profile,
  status: ElectionStatus,
  /** 'open' while ready and inside the voting window. */
  phase: Type.String(),
  rules: Type.Any(),
  contests: Type.Any(),
  opensAt: Type.String(),
  closesAt: Type.String(),
  trustees: Type.Integer(),
  threshold: Type.Integer(),
  eligibleVoters: Type.Union([Type.Integer(), Type.Null()]),
  ballotsCast: Type.Integer(),
  parameters: Type.Any(),
  outcome: Type.Any(),
  /** Records are kept (E11) until this date (YYYY-MM-DD); null for a draft. */
  retainUntil: Type.Union([Type.String(), Type.Null()]),
  /** When the roll, the voted marks and the rest of the personal data were disposed of after retention. */
  recordsDisposedAt: Type.Union([Type.String(), Type.Null()]),
  /** Key ceremony and tally progress: trustees who published keys, sent shares, decrypted. */
  ceremony: Type.Object({ keys: Type.Integer(), shares: Type.Integer(), decryptions: Type.Integer() }),
});
export type ElectionView = Static<typeof ElectionView>;

/** What a voter sees: enough to encrypt a ballot, nothing about others. */
export const VoterElectionView = Type.Object({
  id: Uuid,
  title: Type.String(),
  phase: Type.String(),
  opensAt: Type.String(),
  closesAt: Type.String(),
  profile: Profile,
  coercionPolicy: Type.String(),
  /** Whether a voter who has voted may replace the ballot with their re-vote code. */
  allowRevote: Type.Boolean(),
  manifest: Type.Any(),
  parameters: Type.Any(),
  voted: Type.Boolean(),
});

export const CastBody = Type.Object(
  {
    ballot: Type.Object(
      {
        contests: Type.Array(Type.Any(), { maxItems: 20 }),
        tracking_code: Hex64,
        /** Re-voting elections: H("revote-tag", Q, s) of the voter's new re-vote code s. */
        revote_tag: Type.Optional(Hex64),
      },
      { additionalProperties: false },
    ),
    /** With revote_tag: H("revote-owner", Q, s), kept on the voter's voted mark (never on the ballot). */
    revoteOwner: Type.Optional(Hex64),
    /** To replace an earlier ballot: that ballot's re-vote code s (revealed on the board at close). */
    revoteSecret: Type.Optional(Hex64),
  },
  { additionalProperties: false },
);
export type CastBody = Static<typeof CastBody>;
export const CastResult = Type.Object({
  trackingCode: Hex64,
  /** True when this ballot replaced an earlier one of the same voter. */
  replaced: Type.Optional(Type.Boolean()),
});

export const TrusteeKeysBody = Type.Object(
  {
    public: Type.Object(
      {
        index: Type.Integer({ minimum: 1 }),
        name: Type.Optional(Type.String({ maxLength: 100 })),
        commitments: Type.Array(Hex64, { maxItems: 20 }),
        proofs: Type.Array(Type.Any(), { maxItems: 20 }),
      },
      { additionalProperties: false },
    ),
    transportKey: Hex64,
  },
  { additionalProperties: false },
);

export const TrusteeSharesBody = Type.Object(
  {
    shares: Type.Array(
      Type.Object(
        {
          from: Type.Integer({ minimum: 1 }),
          to: Type.Integer({ minimum: 1 }),
          ephemeral: Hex64,
          nonce: Type.String({ pattern: '^[0-9a-f]{24}$' }),
          ciphertext: Type.String({ pattern: '^[0-9a-f]{2,256}$' }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 20 },
    ),
  },
  { additionalProperties: false },
);

export const DecryptionBody = Type.Object(
  {
    share: Type.Object(
      { trustee: Type.Integer({ minimum: 1 }), contests: Type.Array(Type.Any(), { maxItems: 20 }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const TrusteeView = Type.Object({
  index: Type.Integer(),
  trustees: Type.Integer(),
  threshold: Type.Integer(),
  status: ElectionStatus,
  manifest: Type.Any(),
  manifestHash: Type.String(),
  /** Every trustee's published commitments and transport key (null until posted). */
  peers: Type.Array(
    Type.Object({
      index: Type.Integer(),
      public: Type.Any(),
      transportKey: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  /** Encrypted shares addressed to this trustee. */
  sharesForMe: Type.Array(Type.Any()),
  parameters: Type.Any(),
  tally: Type.Any(),
});

export const BoardView = Type.Object({
  /** Before close: tracking codes sorted (never in cast order). After close: the published board. */
  trackingCodes: Type.Array(Type.String()),
  board: Type.Any(),
});

export const TrusteeElectionList = Type.Object({
  items: Type.Array(
    Type.Object({ id: Uuid, title: Type.String(), status: ElectionStatus, index: Type.Integer() }),
  ),
});

export const NominationBody = Type.Object(
  {
    contestId: Slug,
    candidateId: Slug,
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
    memberId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export const AcceptNominationBody = Type.Object(
  { contestId: Slug, candidateId: Slug },
  { additionalProperties: false },
);
