/** Announcements: officer authoring and read rates, member feed and read receipts. Transport only. */
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { IdParams } from '../../kernel/http/schemas.js';
import { ATTACHMENT_LIMIT_BYTES, contentDisposition } from '../cases/index.js';
import {
  deleteAnnouncementFile,
  downloadAnnouncementFile,
  uploadAnnouncementFile,
} from './announcements.files.service.js';
import * as S from './announcements.schemas.js';
import {
  announcementReadRates,
  createAnnouncement,
  getAnnouncement,
  listAnnouncements,
  markAnnouncementRead,
  myAnnouncement,
  myFeed,
  targetGroups,
  updateAnnouncement,
} from './announcements.service.js';

const tags = ['announcements'];
const UPLOAD_TYPES = ['image/jpeg', 'image/png', 'application/pdf', 'application/octet-stream'];

function decodeName(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * Files: the upload is the raw file as the body (JPEG, PNG, PDF) with its name in `x-file-name`
 * (URL-encoded), parsed in this scope only so the service gets the unread stream.
 */
async function fileRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  await api.register(async (scope) => {
    scope.addContentTypeParser(UPLOAD_TYPES, (req, payload, done) => {
      if (Number(req.headers['content-length'] ?? 0) > ATTACHMENT_LIMIT_BYTES)
        return done(new AppError('payload_too_large', { limitBytes: ATTACHMENT_LIMIT_BYTES }), undefined);
      done(null, payload);
    });
    scope.post(
      '/announcements/:id/files',
      {
        bodyLimit: ATTACHMENT_LIMIT_BYTES,
        schema: { tags, params: IdParams, response: { 201: S.AnnouncementFile } },
      },
      async (req, reply) => {
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        const body = req.body as Readable | undefined;
        const f = await uploadAnnouncementFile(deps, actorOf(req), (req.params as IdParams).id, {
          body: body as Readable,
          contentType: UPLOAD_TYPES.includes(type) && typeof body?.pipe === 'function' ? type : null,
          fileName: decodeName(req.headers['x-file-name']),
        });
        return reply.status(201).send(f);
      },
    );
  });
  api.get(
    '/announcements/:id/files/:fileId',
    { schema: { tags, params: S.FileParams, response: { 200: S.FileReply } } },
    async (req, reply) => {
      const p = req.params as typeof S.FileParams.static;
      const f = await downloadAnnouncementFile(deps, actorOf(req), p.id, p.fileId);
      return reply
        .header('content-type', f.mime)
        .header('content-disposition', contentDisposition(f.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(f.data);
    },
  );
  api.delete(
    '/announcements/:id/files/:fileId',
    { schema: { tags, params: S.FileParams, response: { 200: S.Ok } } },
    async (req) => {
      const p = req.params as typeof S.FileParams.static;
      return deleteAnnouncementFile(deps, actorOf(req), p.id, p.fileId);
    },
  );
}

export async function announcementRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  await fileRoutes(api, deps);
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
    '/announcements/targets/:orgId',
    { schema: { tags, params: S.TargetParams, response: { 200: S.TargetGroups } } },
    async (req) => targetGroups(deps, actorOf(req), (req.params as typeof S.TargetParams.static).orgId),
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
