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
export const ThreadPageQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  closed,
);
/** One page of a thread's posts: from its start (`page`), after a `cursor`, or `around` a post. */
export const PostPageQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 20 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000 })),
    around: Type.Optional(Uuid),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  closed,
);
export const ThreadList = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Uuid,
      title: Type.String(),
      locked: Type.Boolean(),
      hidden: Type.Boolean(),
      pinned: Type.Boolean(),
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
export const ReactionKind = Type.Union([
  Type.Literal('like'),
  Type.Literal('thanks'),
  Type.Literal('support'),
  Type.Literal('question'),
]);
export const Thread = Type.Object({
  id: Uuid,
  boardId: Uuid,
  boardName: Type.String(),
  boardOrgId: Uuid,
  title: Type.String(),
  locked: Type.Boolean(),
  hidden: Type.Boolean(),
  pinned: Type.Boolean(),
  canModerate: Type.Boolean(),
  bannedUntil: Type.Union([Type.String(), Type.Null()]),
  /** Posts in the thread (hidden ones included: they keep their floor). */
  totalPosts: Type.Integer(),
  pageSize: Type.Integer(),
  /** The page these posts are on (floors (page-1)*pageSize+1 …). */
  page: Type.Integer(),
  pages: Type.Integer(),
  /** Pass as `cursor` for the page before/after this one; null at the start/end. */
  prevCursor: Type.Union([Type.String(), Type.Null()]),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  posts: Type.Array(
    Type.Object({
      id: Uuid,
      /** Floor number in the thread (1 = opening post). */
      no: Type.Integer(),
      authorId: Type.Union([Uuid, Type.Null()]),
      authorName: Type.Union([Type.String(), Type.Null()]),
      body: Type.String(),
      hidden: Type.Boolean(),
      quoteId: Type.Union([Uuid, Type.Null()]),
      /** The quoted post, wherever it is in the thread (excerpt empty when hidden for the caller). */
      quote: Type.Union([
        Type.Object({
          id: Uuid,
          no: Type.Integer(),
          authorName: Type.Union([Type.String(), Type.Null()]),
          hidden: Type.Boolean(),
          excerpt: Type.String(),
        }),
        Type.Null(),
      ]),
      createdAt: Type.String(),
      reactions: Type.Array(Type.Object({ kind: ReactionKind, count: Type.Integer(), mine: Type.Boolean() })),
      mentions: Type.Array(Type.Object({ userId: Uuid, name: Type.String() })),
    }),
  ),
});
export const ReactionBody = Type.Object({ kind: ReactionKind }, closed);
export const ReactionReply = Type.Object({
  kind: ReactionKind,
  active: Type.Boolean(),
  count: Type.Integer(),
});
export const MentionQuery = Type.Object({ q: Type.String({ minLength: 1, maxLength: 40 }) }, closed);
export const MentionList = Type.Object({
  items: Type.Array(Type.Object({ userId: Uuid, username: Type.String(), name: Type.String() })),
});
export const MoveBody = Type.Object({ boardId: Uuid, reason: Reason }, closed);
export const BanBody = Type.Object(
  { orgId: Uuid, userId: Uuid, reason: Reason, until: Type.String({ format: 'date-time' }) },
  closed,
);
export const LiftBody = Type.Object({ reason: Reason }, closed);
export const BanList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Uuid,
      orgId: Uuid,
      orgName: Type.String(),
      userId: Uuid,
      userName: Type.String(),
      reason: Type.String(),
      until: Type.String(),
      createdAt: Type.String(),
      createdByName: Type.Union([Type.String(), Type.Null()]),
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
      Type.Literal('pin'),
      Type.Literal('unpin'),
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
