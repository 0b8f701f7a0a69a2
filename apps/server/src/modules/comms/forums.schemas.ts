/** Request/response schemas of the forums. */
import { Type } from '@sinclair/typebox';
import { Reason, Uuid } from '../../kernel/http/schemas.js';

const closed = { additionalProperties: false } as const;

export const BoardList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Uuid,
      orgId: Uuid,
      orgName: Type.String(),
      name: Type.String(),
      description: Type.String(),
      visibility: Type.String(),
    }),
  ),
});
export const BoardBody = Type.Object(
  {
    orgId: Uuid,
    name: Type.String({ minLength: 1, maxLength: 60 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    visibility: Type.Optional(Type.Union([Type.Literal('subtree'), Type.Literal('union')])),
  },
  closed,
);
export const Ref = Type.Object({ id: Uuid });
export const ThreadList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Uuid,
      title: Type.String(),
      locked: Type.Boolean(),
      hidden: Type.Boolean(),
      authorName: Type.Union([Type.String(), Type.Null()]),
      posts: Type.Integer(),
      lastPostAt: Type.String(),
    }),
  ),
});
export const ThreadBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    body: Type.String({ minLength: 1, maxLength: 20_000 }),
  },
  closed,
);
export const ReplyBody = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 20_000 }), quoteId: Type.Optional(Uuid) },
  closed,
);
export const Thread = Type.Object({
  id: Uuid,
  boardId: Uuid,
  title: Type.String(),
  locked: Type.Boolean(),
  hidden: Type.Boolean(),
  canModerate: Type.Boolean(),
  posts: Type.Array(
    Type.Object({
      id: Uuid,
      authorName: Type.Union([Type.String(), Type.Null()]),
      body: Type.String(),
      hidden: Type.Boolean(),
      quoteId: Type.Union([Uuid, Type.Null()]),
      createdAt: Type.String(),
    }),
  ),
});
export const ReportBody = Type.Object({ reason: Reason }, closed);
export const ModeratePostBody = Type.Object(
  { action: Type.Union([Type.Literal('hide'), Type.Literal('unhide')]), reason: Reason },
  closed,
);
export const ModerateThreadBody = Type.Object(
  {
    action: Type.Union([
      Type.Literal('lock'),
      Type.Literal('unlock'),
      Type.Literal('hide'),
      Type.Literal('unhide'),
    ]),
    reason: Reason,
  },
  closed,
);
export const WordsBody = Type.Object(
  {
    orgId: Uuid,
    words: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 500 }),
  },
  closed,
);
export const ReportList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Uuid,
      postId: Uuid,
      threadId: Uuid,
      threadTitle: Type.String(),
      body: Type.String(),
      reason: Type.String(),
      createdAt: Type.String(),
    }),
  ),
});
export const Ok = Type.Object({ ok: Type.Boolean() });
