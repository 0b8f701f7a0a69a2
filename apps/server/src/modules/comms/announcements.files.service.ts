/**
 * Announcement files: images for the body and attachments (JPEG, PNG, PDF; magic bytes checked, at
 * most ATTACHMENT_LIMIT_BYTES), stored encrypted under random names outside the web root by the cases
 * module's file store. Officers with comms.publish on the announcement's node upload and remove; the
 * file is served only to that officer scope and to the announcement's audience (its member feed).
 */
import type { Readable } from 'node:stream';
import type { Actor } from '../../kernel/auth/actor.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { readDecrypted, removeStored, storedFileColumns, storeEncrypted } from '../cases/index.js';
import { announcementsRepo } from './announcements.repo.js';
import { fileView, loadForOfficer, myAnnouncement } from './announcements.service.js';

const KEY_COLUMN = 'announcement_files.key';
export const MAX_FILES_PER_ANNOUNCEMENT = 20;

/**
 * Stores one upload on an announcement that is not withdrawn.
 * @throws AppError not_found, conflict (withdrawn), validation_failed (too many files),
 *   unsupported_media_type, payload_too_large
 */
export async function uploadAnnouncementFile(
  deps: Deps,
  actor: Actor,
  id: string,
  file: { body: Readable; contentType: string | null; fileName: string | undefined },
) {
  const row = await loadForOfficer(deps, actor, id);
  if (row.status === 'withdrawn') throw new AppError('conflict');
  if (!file.contentType) throw new AppError('unsupported_media_type');
  const repo = announcementsRepo(deps.db);
  if ((await repo.countFiles(id)) >= MAX_FILES_PER_ANNOUNCEMENT)
    throw new AppError('validation_failed', { field: 'files', max: MAX_FILES_PER_ANNOUNCEMENT });
  const stored = await storeEncrypted(deps.config.dataDir, file.body, file.contentType);
  const now = deps.clock.now();
  try {
    const saved = await deps.db.transaction().execute(async (trx) => {
      const f = await announcementsRepo(trx).insertFile({
        announcement_id: id,
        uploaded_by: actor.userId,
        ...storedFileColumns(deps.cipher, KEY_COLUMN, stored, file.fileName, now),
      });
      await recordAudit(
        trx,
        {
          actorId: actor.userId,
          ip: actor.ip,
          action: 'announcement.file_added',
          targetType: 'announcement',
          targetId: id,
          orgId: row.org_id,
          details: { fileId: f.id, mime: f.mime, sizeBytes: f.size_bytes },
        },
        now,
      );
      return f;
    });
    return fileView(id, saved);
  } catch (err) {
    await removeStored(deps.config.dataDir, stored.storedName);
    throw err;
  }
}

/** The announcement's audience (its feed) or its officers may read. @throws AppError not_found */
async function checkReader(deps: Deps, actor: Actor, id: string): Promise<void> {
  try {
    await myAnnouncement(deps, actor, id);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'not_found') throw err;
    await loadForOfficer(deps, actor, id);
  }
}

/** The decrypted file. @throws AppError not_found */
export async function downloadAnnouncementFile(deps: Deps, actor: Actor, id: string, fileId: string) {
  await checkReader(deps, actor, id);
  const f = await announcementsRepo(deps.db).file(id, fileId);
  if (!f) throw new AppError('not_found');
  const key = Buffer.from(await deps.cipher.decrypt(KEY_COLUMN, f.key_enc), 'base64');
  const data = await readDecrypted(deps.config.dataDir, {
    storedName: f.stored_name,
    key,
    iv: f.iv,
    tag: f.tag,
  });
  return { fileName: f.file_name, mime: f.mime, data };
}

/** Removes a file (and its stored blob). @throws AppError not_found */
export async function deleteAnnouncementFile(deps: Deps, actor: Actor, id: string, fileId: string) {
  const row = await loadForOfficer(deps, actor, id);
  const now = deps.clock.now();
  const gone = await deps.db.transaction().execute(async (trx) => {
    const g = await announcementsRepo(trx).deleteFile(id, fileId);
    if (!g) throw new AppError('not_found');
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'announcement.file_removed',
        targetType: 'announcement',
        targetId: id,
        orgId: row.org_id,
        details: { fileId },
      },
      now,
    );
    return g;
  });
  await removeStored(deps.config.dataDir, gone.stored_name);
  return { ok: true };
}
