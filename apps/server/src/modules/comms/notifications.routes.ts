/** Notification centre, preferences, one-click unsubscribe and failed deliveries. Transport only. */
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { IdParams } from '../../kernel/http/schemas.js';
import * as S from './notifications.schemas.js';
import {
  getMyPrefs,
  listDeliveries,
  listMyNotifications,
  markMyNotificationsRead,
  retryDelivery,
  unreadCount,
  unsubscribeByToken,
  updateMyPrefs,
} from './notifications.service.js';

const tags = ['notifications'];

export async function notificationRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  api.get(
    '/notifications',
    { schema: { tags, querystring: S.NotificationQuery, response: { 200: S.NotificationList } } },
    async (req) => listMyNotifications(deps, actorOf(req), req.query as typeof S.NotificationQuery.static),
  );
  api.get('/notifications/unread', { schema: { tags, response: { 200: S.UnreadReply } } }, async (req) => ({
    unread: await unreadCount(deps, actorOf(req)),
  }));
  api.post(
    '/notifications/read',
    { schema: { tags, body: S.MarkReadBody, response: { 200: S.UnreadReply } } },
    async (req) => {
      const b = req.body as typeof S.MarkReadBody.static;
      return markMyNotificationsRead(deps, actorOf(req), b.all ? 'all' : (b.ids ?? []));
    },
  );
  api.get('/notifications/prefs', { schema: { tags, response: { 200: S.PrefsReply } } }, async (req) =>
    getMyPrefs(deps, actorOf(req)),
  );
  api.patch(
    '/notifications/prefs',
    { schema: { tags, body: S.PrefsBody, response: { 200: S.PrefsReply } } },
    async (req) => updateMyPrefs(deps, actorOf(req), req.body as S.PrefsBody),
  );
  // RFC 8058 one-click: mail clients POST `List-Unsubscribe=One-Click` (form-encoded) without cookies.
  await api.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 1024 },
      (_r, _b, done) => done(null, {}),
    );
    scope.post(
      '/notifications/unsubscribe/:token',
      {
        config: { public: true, skipCsrf: true, rateLimit: { max: 20, timeWindow: 60_000 } },
        schema: { tags, params: S.TokenParams, response: { 200: S.Ok } },
      },
      async (req) => {
        await unsubscribeByToken(deps, (req.params as typeof S.TokenParams.static).token, req.ip);
        return { ok: true };
      },
    );
  });
  api.get(
    '/notifications/deliveries',
    { schema: { tags, querystring: S.DeliveryQuery, response: { 200: S.DeliveryList } } },
    async (req) => listDeliveries(deps, actorOf(req), (req.query as typeof S.DeliveryQuery.static).status),
  );
  api.post(
    '/notifications/deliveries/:id/retry',
    { schema: { tags, params: IdParams, response: { 200: S.Ok } } },
    async (req) => {
      await retryDelivery(deps, actorOf(req), (req.params as IdParams).id);
      return { ok: true };
    },
  );
}
