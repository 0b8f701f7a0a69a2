/** Request/response schemas of polls and surveys (docs/polls.md "HTTP API"). */
import { type Static, Type } from '@sinclair/typebox';
import { Uuid } from '../../kernel/http/schemas.js';

const closed = { additionalProperties: false } as const;
const Time = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Key = Type.String({ pattern: '^[a-z0-9_-]{1,40}$' });

export const OptionSchema = Type.Object(
  { id: Key, label: Type.String({ minLength: 1, maxLength: 200 }) },
  closed,
);
export const QuestionSchema = Type.Object(
  {
    id: Key,
    kind: Type.Union([
      Type.Literal('single'),
      Type.Literal('multiple'),
      Type.Literal('text'),
      Type.Literal('rating'),
      Type.Literal('ranked'),
    ]),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    required: Type.Optional(Type.Boolean()),
    options: Type.Optional(Type.Array(OptionSchema, { maxItems: 50 })),
    minChoices: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })),
    maxChoices: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
    scale: Type.Optional(Type.Integer({ minimum: 2, maximum: 10 })),
    lowLabel: Type.Optional(Type.String({ maxLength: 50 })),
    highLabel: Type.Optional(Type.String({ maxLength: 50 })),
    rankLimit: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })),
    method: Type.Optional(Type.Union([Type.Literal('irv'), Type.Literal('stv')])),
    seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 49 })),
  },
  closed,
);

const Visibility = Type.Union([
  Type.Literal('after_response'),
  Type.Literal('after_close'),
  Type.Literal('managers'),
]);

const pollFields = {
  orgId: Uuid,
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 20_000 })),
  anonymous: Type.Boolean(),
  resultsVisibility: Visibility,
  opensAt: Type.Optional(Nullable(Time)),
  closesAt: Time,
  // at least one: checked after the access check (poll.invalid_definition no_questions)
  questions: Type.Array(QuestionSchema, { maxItems: 100 }),
};
export const PollInput = Type.Object(pollFields, closed);
export type PollInput = Static<typeof PollInput>;
export const PollPatch = Type.Partial(Type.Object(pollFields, closed));
export type PollPatch = Static<typeof PollPatch>;

const Phase = Type.String({ description: 'draft | scheduled | open | closed' });
const summaryFields = {
  id: Uuid,
  orgId: Uuid,
  orgName: Type.String(),
  title: Type.String(),
  anonymous: Type.Boolean(),
  resultsVisibility: Type.String(),
  status: Type.String(),
  phase: Phase,
  opensAt: Nullable(Type.String()),
  closesAt: Type.String(),
  publishedAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  audience: Type.Integer(),
  responses: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};
const QuestionView = Type.Object({ ...QuestionSchema.properties, required: Type.Boolean() });
export const PollSummary = Type.Object(summaryFields);
export const PollView = Type.Object({
  ...summaryFields,
  descriptionHtml: Type.String(),
  questions: Type.Array(QuestionView),
  abilities: Type.Object({
    edit: Type.Boolean(),
    publish: Type.Boolean(),
    close: Type.Boolean(),
    delete: Type.Boolean(),
    export: Type.Boolean(),
  }),
});
export const PollList = Type.Object({ items: Type.Array(PollSummary) });
export const ListQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('closed')]),
    ),
  },
  closed,
);

const myFields = {
  id: Uuid,
  title: Type.String(),
  orgName: Type.String(),
  anonymous: Type.Boolean(),
  phase: Phase,
  opensAt: Nullable(Type.String()),
  closesAt: Type.String(),
  responded: Type.Boolean(),
  resultsAvailable: Type.Boolean(),
};
export const MyPollSummary = Type.Object(myFields);
export const MyPollList = Type.Object({ items: Type.Array(MyPollSummary) });
export const MyPollView = Type.Object({
  ...myFields,
  descriptionHtml: Type.String(),
  resultsVisibility: Type.String(),
  questions: Type.Array(QuestionView),
});

export const AnswerSchema = Type.Object(
  {
    questionId: Type.String({ minLength: 1, maxLength: 40 }),
    choice: Type.Optional(Type.String({ maxLength: 40 })),
    choices: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 50 })),
    text: Type.Optional(Type.String({ maxLength: 20_000 })),
    rating: Type.Optional(Type.Integer({ minimum: -1000, maximum: 1000 })),
    ranking: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 50 })),
  },
  closed,
);
export const ResponseBody = Type.Object({ answers: Type.Array(AnswerSchema, { maxItems: 100 }) }, closed);
export type ResponseBody = Static<typeof ResponseBody>;

const Counts = Type.Record(Type.String(), Type.Number());
const IrvResult = Type.Object({
  winner: Nullable(Type.String()),
  rounds: Type.Array(
    Type.Object({
      round: Type.Integer(),
      tallies: Counts,
      continuing: Type.Integer(),
      exhausted: Type.Integer(),
      eliminated: Nullable(Type.String()),
      tieBreak: Nullable(Type.String()),
      winner: Nullable(Type.String()),
    }),
  ),
});
const StvResult = Type.Object({
  seats: Type.Integer(),
  quota: Type.Integer(),
  valid: Type.Integer(),
  elected: Type.Array(Type.String()),
  rounds: Type.Array(
    Type.Object({
      round: Type.Integer(),
      action: Type.String(),
      tallies: Counts,
      exactTallies: Type.Record(Type.String(), Type.String()),
      exhausted: Type.Number(),
      exactExhausted: Type.String(),
      elected: Type.Array(Type.String()),
      eliminated: Nullable(Type.String()),
      transferFrom: Nullable(Type.String()),
      transferValue: Nullable(Type.String()),
      tieBreak: Nullable(Type.String()),
    }),
  ),
});
const OptionCount = Type.Object({ id: Type.String(), label: Type.String(), count: Type.Integer() });
const QuestionResult = Type.Object({
  questionId: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  answered: Type.Integer(),
  options: Type.Optional(Type.Array(OptionCount)),
  scale: Type.Optional(Type.Integer()),
  distribution: Type.Optional(Type.Array(Type.Integer())),
  mean: Type.Optional(Nullable(Type.Number())),
  method: Type.Optional(Type.String()),
  seats: Type.Optional(Type.Integer()),
  firstPreferences: Type.Optional(Type.Array(OptionCount)),
  irv: Type.Optional(Nullable(IrvResult)),
  stv: Type.Optional(Nullable(StvResult)),
});
export const PollResults = Type.Object({
  pollId: Uuid,
  title: Type.String(),
  anonymous: Type.Boolean(),
  phase: Phase,
  audience: Type.Integer(),
  responses: Type.Integer(),
  rate: Type.Number(),
  orgs: Type.Array(
    Type.Object({
      orgId: Uuid,
      orgName: Type.String(),
      targeted: Type.Integer(),
      responded: Type.Integer(),
      rate: Type.Number(),
    }),
  ),
  questions: Type.Array(QuestionResult),
});

export const TextQuery = Type.Object(
  {
    // required, but checked after the access check (poll.unknown_question)
    questionId: Type.Optional(Type.String({ maxLength: 40 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  closed,
);
export type TextQuery = Static<typeof TextQuery>;
export const TextAnswers = Type.Object({
  items: Type.Array(
    Type.Object({
      text: Type.String(),
      respondent: Type.Optional(Type.String()),
      at: Type.Optional(Type.String()),
    }),
  ),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const ExportQuery = Type.Object(
  { format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])) },
  closed,
);
export const FileReply = Type.String({ description: 'the file' });
export const Ok = Type.Object({ ok: Type.Boolean() });
