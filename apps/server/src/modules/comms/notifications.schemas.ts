/** Request/response schemas of the notification centre. */
import { type Static, Type } from '@sinclair/typebox';
import { Uuid } from '../../kernel/http/schemas.js';

const closed = { additionalProperties: false } as const;

export const NotificationItem = Type.Object({
  id: Uuid,
  template: Type.String(),
  category: Type.String(),
  title: Type.String(),
  body: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  readAt: Type.Union([Type.String(), Type.Null()]),
});

export const NotificationList = Type.Object({ items: Type.Array(NotificationItem), unread: Type.Integer() });

export const NotificationQuery = Type.Object(
  {
    before: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    unread: Type.Optional(Type.Boolean()),
  },
  closed,
);

export const MarkReadBody = Type.Object(
  { ids: Type.Optional(Type.Array(Uuid, { maxItems: 200 })), all: Type.Optional(Type.Boolean()) },
  closed,
);

export const UnreadReply = Type.Object({ unread: Type.Integer() });

const Minutes = Type.Integer({ minimum: 0, maximum: 1439 });
/** Non-urgent mail one by one (off), or as one daily/weekly digest. */
const Digest = Type.Union([Type.Literal('off'), Type.Literal('daily'), Type.Literal('weekly')]);

export const PrefsBody = Type.Object(
  {
    locale: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])),
    emailEnabled: Type.Optional(Type.Boolean()),
    smsEnabled: Type.Optional(Type.Boolean()),
    mutedCategories: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z_]{1,40}$' }), { maxItems: 20 })),
    quietStart: Type.Optional(Type.Union([Minutes, Type.Null()])),
    quietEnd: Type.Optional(Type.Union([Minutes, Type.Null()])),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    digest: Type.Optional(Digest),
  },
  closed,
);
export type PrefsBody = Static<typeof PrefsBody>;

export const PrefsReply = Type.Object({
  locale: Type.String(),
  emailEnabled: Type.Boolean(),
  smsEnabled: Type.Boolean(),
  mutedCategories: Type.Array(Type.String()),
  quietStart: Type.Union([Type.Integer(), Type.Null()]),
  quietEnd: Type.Union([Type.Integer(), Type.Null()]),
  timeZone: Type.String(),
  unsubscribed: Type.Boolean(),
  digest: Digest,
});

export const TokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 100 }) }, closed);

export const DeliveryQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')]),
    ),
  },
  closed,
);

export const DeliveryList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Uuid,
      userId: Type.Union([Uuid, Type.Null()]),
      userName: Type.Union([Type.String(), Type.Null()]),
      orgId: Type.Union([Uuid, Type.Null()]),
      channel: Type.String(),
      template: Type.String(),
      status: Type.String(),
      attempts: Type.Integer(),
      lastError: Type.Union([Type.String(), Type.Null()]),
      createdAt: Type.String(),
      nextAttemptAt: Type.String(),
    }),
  ),
});

export const Ok = Type.Object({ ok: Type.Boolean() });
