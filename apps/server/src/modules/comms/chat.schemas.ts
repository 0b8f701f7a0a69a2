/** Request/response schemas of chat. */
import { Type } from '@sinclair/typebox';
import { Uuid } from '../../kernel/http/schemas.js';

const closed = { additionalProperties: false } as const;

export const ChatMessage = Type.Object({
  id: Uuid,
  roomId: Uuid,
  seq: Type.Integer(),
  senderId: Type.Union([Uuid, Type.Null()]),
  senderName: Type.Union([Type.String(), Type.Null()]),
  body: Type.String(),
  createdAt: Type.String(),
  clientId: Type.Union([Type.String(), Type.Null()]),
});

export const ChatRoom = Type.Object({
  id: Uuid,
  kind: Type.Union([Type.Literal('direct'), Type.Literal('org'), Type.Literal('custom')]),
  name: Type.String(),
  role: Type.Union([Type.Literal('owner'), Type.Literal('member')]),
  lastSeq: Type.Integer(),
  lastReadSeq: Type.Integer(),
  unread: Type.Integer(),
  lastMessageAt: Type.Union([Type.String(), Type.Null()]),
});

export const RoomList = Type.Object({ items: Type.Array(ChatRoom) });
export const RoomRef = Type.Object({ id: Uuid });
export const MessageList = Type.Object({ items: Type.Array(ChatMessage) });

export const DirectBody = Type.Object({ userId: Uuid }, closed);
export const GroupBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    memberIds: Type.Array(Uuid, { maxItems: 500 }),
  },
  closed,
);
export const MemberBody = Type.Object({ userId: Uuid }, closed);
export const SendBody = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: 4000 }),
    clientId: Type.Optional(Type.String({ pattern: '^[\\w-]{1,64}$' })),
  },
  closed,
);
export const HistoryQuery = Type.Object(
  {
    beforeSeq: Type.Optional(Type.Integer({ minimum: 1 })),
    afterSeq: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  closed,
);
export const ReadBody = Type.Object({ seq: Type.Integer({ minimum: 0 }) }, closed);
export const ReadReply = Type.Object({ lastReadSeq: Type.Integer() });
export const Ok = Type.Object({ ok: Type.Boolean() });
