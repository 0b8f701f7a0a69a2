/**
 * Attachments on a case: the member on their own case, or a handler with cases.handle on its node,
 * uploads; the member, or anyone with cases.read on the node, downloads. The access check runs before
 * a byte of the upload is read.
 */
import type { Readable } from 'node:stream';
import type { Actor } from '../../kernel/auth/actor.js';
import { requireAccess } from '../../kernel/auth/access.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { readDecrypted, removeStored, storedFileColumns, storeEncrypted } from './attachment-files.js';
import { attachmentsRepo } from './attachments.repo.js';
import { type CaseRow, casesRepo } from './cases.repo.js';
import { loadMine } from './member.service.js';

const KEY_COLUMN = 'case_attachments.key';

export type Side = 'member' | 'handler';

/** @throws AppError not_found */
async function loadCase(
  deps: Deps,
  actor: Actor,
  side: Side,
  caseId: string,
  write: boolean,
): Promise<CaseRow> {
  if (side === 'member') return loadMine(deps, actor, caseId);
  const row = await casesRepo(deps.db).findById(caseId);
  if (!row) throw new AppError('not_found');
  await requireAccess(deps.db, actor, write ? 'cases.handle' : 'cases.read', row.org_id);
  return row;
}

export const attachmentView = (a: {
  id: string;
  file_name: string;
  mime: string;
  size_bytes: number;
  uploader_role: string;
  created_at: Date;
}) => ({
  id: a.id,
  fileName: a.file_name,
  mime: a.mime,
  sizeBytes: a.size_bytes,
  uploaderRole: a.uploader_role,
  createdAt: a.created_at.toISOString(),
});

/**
 * Stores one upload. @throws AppError not_found, case.closed, payload_too_large, unsupported_media_type
 */
export async function uploadAttachment(
  deps: Deps,
  actor: Actor,
  side: Side,
  caseId: string,
  file: { body: Readable; contentType: string | null; fileName: string | undefined },
) {
  const row = await loadCase(deps, actor, side, caseId, true);
  // only the raw parser gives a stream; any other accepted body type is not a file we take
  if (!file.contentType) throw new AppError('unsupported_media_type');
  if (row.closed_at) throw new AppError('case.closed');
  const stored = await storeEncrypted(deps.config.dataDir, file.body, file.contentType);
  const now = deps.clock.now();
  const anonymousMember = side === 'member' && row.anonymous;
  try {
    const saved = await deps.db.transaction().execute(async (trx) => {
      const a = await attachmentsRepo(trx).insert({
        case_id: caseId,
        uploaded_by: anonymousMember ? null : actor.userId,
        uploader_role: side,
        ...storedFileColumns(deps.cipher, KEY_COLUMN, stored, file.fileName, now),
      });
      await recordAudit(
        trx,
        {
          actorId: anonymousMember ? null : actor.userId,
          ip: anonymousMember ? null : actor.ip,
          action: 'case.attachment_added',
          targetType: 'case',
          targetId: caseId,
          orgId: row.org_id,
          details: { attachmentId: a.id, mime: a.mime, sizeBytes: a.size_bytes },
        },
        now,
      );
      return a;
    });
    return attachmentView(saved);
  } catch (err) {
    await removeStored(deps.config.dataDir, stored.storedName);
    throw err;
  }
}

export async function listAttachments(deps: Deps, caseId: string) {
  return (await attachmentsRepo(deps.db).listForCase(caseId)).map(attachmentView);
}

/** The decrypted file for download. @throws AppError not_found */
export async function downloadAttachment(deps: Deps, actor: Actor, side: Side, caseId: string, id: string) {
  await loadCase(deps, actor, side, caseId, false);
  const a = await attachmentsRepo(deps.db).find(caseId, id);
  if (!a) throw new AppError('not_found');
  const key = Buffer.from(await deps.cipher.decrypt(KEY_COLUMN, a.key_enc), 'base64');
  const data = await readDecrypted(deps.config.dataDir, {
    storedName: a.stored_name,
    key,
    iv: a.iv,
    tag: a.tag,
  });
  return { data, mime: a.mime, fileName: a.file_name };
}
