/**
 * Import routes. The upload is a raw body (text/csv or the XLSX content type) handled by a content-type
 * parser registered in this plugin's own scope only, with its own size limit.
 */
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { IdParams } from '../../kernel/http/schemas.js';
import * as S from './imports.schemas.js';
import {
  IMPORT_LIMIT_BYTES,
  getImport,
  importReport,
  importTemplate,
  startImport,
} from './imports.service.js';
import { FileReply, sendFile } from './members.routes.js';

const tags = ['members'];
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function importsRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  await api.register(async (scope) => {
    scope.addContentTypeParser(['text/csv', XLSX_TYPE], (req, payload, done) => {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > IMPORT_LIMIT_BYTES)
        return done(new AppError('payload_too_large', { limitBytes: IMPORT_LIMIT_BYTES }), undefined);
      done(null, payload);
    });
    scope.post(
      '/members/imports',
      {
        bodyLimit: IMPORT_LIMIT_BYTES,
        schema: { tags, querystring: S.ImportQuery, response: { 202: S.ImportView } },
      },
      async (req, reply) => {
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        const format = type === XLSX_TYPE ? 'xlsx' : type === 'text/csv' ? 'csv' : null;
        const rawName = req.headers['x-file-name'];
        const fileName = typeof rawName === 'string' ? safeDecode(rawName) : undefined;
        const job = await startImport(
          deps,
          actorOf(req),
          req.query as S.ImportQuery,
          { body: req.body as Readable, format, fileName },
          (m) => req.log.error(m),
        );
        return reply.status(202).send(job);
      },
    );
  });
  api.get(
    '/members/imports/template',
    {
      schema: { tags, querystring: S.TemplateQuery, response: { 200: FileReply } },
    },
    async (req, reply) => {
      const q = req.query as typeof S.TemplateQuery.static;
      const f = await importTemplate(deps, actorOf(req), q.format ?? 'csv', q.lang ?? 'zh-CN');
      return sendFile(reply, { ...f, contentType: q.format === 'xlsx' ? XLSX_TYPE : undefined });
    },
  );
  api.get(
    '/members/imports/:id',
    { schema: { tags, params: IdParams, response: { 200: S.ImportView } } },
    async (req) => getImport(deps, actorOf(req), (req.params as IdParams).id),
  );
  api.get(
    '/members/imports/:id/report',
    {
      schema: { tags, params: IdParams, querystring: S.LangQuery, response: { 200: FileReply } },
    },
    async (req, reply) => {
      const lang = (req.query as typeof S.LangQuery.static).lang ?? 'zh-CN';
      return sendFile(reply, await importReport(deps, actorOf(req), (req.params as IdParams).id, lang));
    },
  );
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
