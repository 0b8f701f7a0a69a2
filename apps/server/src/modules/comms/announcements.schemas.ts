/** Request/response schemas of announcements. */
import { Type } from '@sinclair/typebox';
import { Uuid } from '../../kernel/http/schemas.js';

const closed = { additionalProperties: false } as const;
const Time = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const AnnouncementFile = Type.Object({
  id: Uuid,
  fileName: Type.String(),
  mime: Type.String(),
  sizeBytes: Type.Integer(),
  url: Type.String(),
});
export const FileParams = Type.Object({ id: Uuid, fileId: Uuid }, closed);
export const FileReply = Type.String({ description: 'the file' });

export const Announcement = Type.Object({
  id: Uuid,
  orgId: Uuid,
  orgName: Type.String(),
  title: Type.String(),
  bodyHtml: Type.String(),
  status: Type.String(),
  publishAt: Nullable(Type.String()),
  expiresAt: Nullable(Type.String()),
  pinned: Type.Boolean(),
  targetRoomIds: Type.Optional(Type.Array(Uuid)),
  createdAt: Type.String(),
  reads: Type.Optional(Type.Integer()),
  readAt: Type.Optional(Nullable(Type.String())),
  files: Type.Optional(Type.Array(AnnouncementFile)),
});
export const AnnouncementList = Type.Object({ items: Type.Array(Announcement) });

export const CreateAnnouncementBody = Type.Object(
  {
    orgId: Uuid,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    body: Type.String({ minLength: 1, maxLength: 100_000 }),
    publish: Type.Optional(Type.Boolean()),
    publishAt: Type.Optional(Time),
    expiresAt: Type.Optional(Nullable(Time)),
    pinned: Type.Optional(Type.Boolean()),
    targetRoomIds: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
  },
  closed,
);

export const UpdateAnnouncementBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    body: Type.Optional(Type.String({ minLength: 1, maxLength: 100_000 })),
    pinned: Type.Optional(Type.Boolean()),
    expiresAt: Type.Optional(Nullable(Time)),
    action: Type.Optional(Type.Union([Type.Literal('publish'), Type.Literal('withdraw')])),
    publishAt: Type.Optional(Time),
    targetRoomIds: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
  },
  closed,
);

export const TargetParams = Type.Object({ orgId: Uuid }, closed);
export const TargetGroups = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Uuid,
      kind: Type.Union([Type.Literal('org'), Type.Literal('custom')]),
      name: Type.String(),
      members: Type.Integer(),
    }),
  ),
});

export const ReadRates = Type.Object({
  audience: Type.Integer(),
  readers: Type.Integer(),
  rate: Type.Number(),
  orgs: Type.Array(
    Type.Object({
      orgId: Uuid,
      orgName: Type.String(),
      audience: Type.Integer(),
      readers: Type.Integer(),
      rate: Type.Number(),
    }),
  ),
});

export const Ok = Type.Object({ ok: Type.Boolean() });
