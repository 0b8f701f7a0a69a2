/**
 * Attachment upload and download. The upload is the raw file as the request body (JPEG, PNG, PDF or
 * application/octet-stream) with its name in an `x-file-name` header (URL-encoded); the content-type
 * parser is registered in this plugin's scope only and hands the service the unread stream.
 */
import type { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { IdParams, Uuid } from '../../kernel/http/schemas.js';
import { ATTACHMENT_LIMIT_BYTES } from './attachment-files.js';
import { AttachmentView } from './cases.schemas.js';
import { downloadAttachment, type Side, uploadAttachment } from './attachments.service.js';

const UPLOAD_TYPES = ['image/jpeg', 'image/png', 'application/pdf', 'application/octet-stream'];
const AttachmentParams = Type.Object({ id: Uuid, attachmentId: Uuid }, { additionalProperties: false });
const FileReply = Type.String({ description: 'the file, as an attachment' });

function decodeName(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^A-Za-z0-9._-]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function attachmentRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  await api.register(async (scope) => {
    scope.addContentTypeParser(UPLOAD_TYPES, (req, payload, done) => {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > ATTACHMENT_LIMIT_BYTES)
        return done(new AppError('payload_too_large', { limitBytes: ATTACHMENT_LIMIT_BYTES }), undefined);
      done(null, payload);
    });
    const upload = (side: Side) => async (req: FastifyRequest, reply: FastifyReply) => {
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const body = req.body as Readable | undefined;
      const result = await uploadAttachment(deps, actorOf(req), side, (req.params as IdParams).id, {
        body: body as Readable,
        contentType: UPLOAD_TYPES.includes(type) && typeof body?.pipe === 'function' ? type : null,
        fileName: decodeName(req.headers['x-file-name']),
      });
      return reply.status(201).send(result);
    };
    const opts = {
      bodyLimit: ATTACHMENT_LIMIT_BYTES,
      schema: { tags: ['cases'], params: IdParams, response: { 201: AttachmentView } },
    };
    scope.post('/my/cases/:id/attachments', opts, upload('member'));
    scope.post('/cases/:id/attachments', opts, upload('handler'));
  });

  const download = (side: Side) => async (req: FastifyRequest, reply: FastifyReply) => {
    const p = req.params as typeof AttachmentParams.static;
    const f = await downloadAttachment(deps, actorOf(req), side, p.id, p.attachmentId);
    return reply
      .header('content-type', f.mime)
      .header('content-disposition', contentDisposition(f.fileName))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store')
      .send(f.data);
  };
  const getOpts = { schema: { tags: ['cases'], params: AttachmentParams, response: { 200: FileReply } } };
  api.get('/my/cases/:id/attachments/:attachmentId', getOpts, download('member'));
  api.get('/cases/:id/attachments/:attachmentId', getOpts, download('handler'));
}
