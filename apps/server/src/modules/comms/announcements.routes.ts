/** Announcements: officer authoring and read rates, member feed and read receipts. Transport only. */
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { IdParams } from '../../kernel/http/schemas.js';
import * as S from './announcements.schemas.js';
import {
  announcementReadRates,
  createAnnouncement,
  getAnnouncement,
  listAnnouncements,
  markAnnouncementRead,
  myAnnouncement,
  myFeed,
  updateAnnouncement,
} from './announcements.service.js';

const tags = ['announcements'];

export async function announcementRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  api.get('/announcements', { schema: { tags, response: { 200: S.AnnouncementList } } }, async (req) =>
    listAnnouncements(deps, actorOf(req)),
  );
  api.post(
    '/announcements',
    { schema: { tags, body: S.CreateAnnouncementBody, response: { 201: S.Announcement } } },
    async (req, reply) => {
      reply.status(201);
      return createAnnouncement(deps, actorOf(req), req.body as typeof S.CreateAnnouncementBody.static);
    },
  );
  api.get(
    '/announcements/:id',
    { schema: { tags, params: IdParams, response: { 200: S.Announcement } } },
    async (req) => getAnnouncement(deps, actorOf(req), (req.params as IdParams).id),
  );
  api.patch(
    '/announcements/:id',
    { schema: { tags, params: IdParams, body: S.UpdateAnnouncementBody, response: { 200: S.Announcement } } },
    async (req) =>
      updateAnnouncement(
        deps,
        actorOf(req),
        (req.params as IdParams).id,
        req.body as typeof S.UpdateAnnouncementBody.static,
      ),
  );
  api.get(
    '/announcements/:id/read-rates',
    { schema: { tags, params: IdParams, response: { 200: S.ReadRates } } },
    async (req) => announcementReadRates(deps, actorOf(req), (req.params as IdParams).id),
  );
  api.get('/my/announcements', { schema: { tags, response: { 200: S.AnnouncementList } } }, async (req) =>
    myFeed(deps, actorOf(req)),
  );
  api.get(
    '/my/announcements/:id',
    { schema: { tags, params: IdParams, response: { 200: S.Announcement } } },
    async (req) => myAnnouncement(deps, actorOf(req), (req.params as IdParams).id),
  );
  api.post(
    '/my/announcements/:id/read',
    { schema: { tags, params: IdParams, response: { 200: S.Ok } } },
    async (req) => markAnnouncementRead(deps, actorOf(req), (req.params as IdParams).id),
  );
}
