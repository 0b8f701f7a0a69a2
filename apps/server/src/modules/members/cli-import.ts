/**
 * Import from a file on the server's disk, for the `unionhall members import` command: the same job,
 * validation and report as an upload, run by a trusted operator (no signed-in user; the audit row names
 * the OS user and host instead).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { runImport } from './import/runner.js';
import { type Progress, importsRepo } from './imports.repo.js';
import type { ImportView } from './imports.schemas.js';
import { getImportUnchecked } from './imports.service.js';
import { resolvePlacement } from './members.orgs.js';

export type CliImportInput = {
  file: string;
  orgId: string;
  mode: 'dry_run' | 'valid_only' | 'all_or_nothing';
  audit: Record<string, unknown>;
  onProgress?: (p: Progress & { fileBytes: number }) => void;
};

/**
 * Runs an import job over a local CSV or XLSX file and returns the finished job.
 * @throws AppError not_found / member.invalid_org for a bad --org, unsupported_media_type for other files
 */
export async function importMembersFromFile(deps: Deps, input: CliImportInput): Promise<ImportView> {
  const { org, union } = await resolvePlacement(deps.db, input.orgId);
  const ext = path.extname(input.file).toLowerCase();
  const format = ext === '.xlsx' ? 'xlsx' : ext === '.csv' || ext === '.txt' ? 'csv' : null;
  if (!format)
    throw new AppError('unsupported_media_type', { reason: 'extension', accepted: ['.csv', '.xlsx'] });
  const bytes = statSync(input.file).size;
  const hash = createHash('sha256');
  await pipeline(createReadStream(input.file), hash);
  const sha256 = hash.digest('hex');
  const id = randomUUID();
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await importsRepo(trx).insert({
      id,
      union_id: union.id,
      org_id: org.id,
      created_by: null,
      created_at: now,
      mode: input.mode,
      format,
      file_name: path.basename(input.file),
      file_sha256: sha256,
      file_bytes: bytes,
    });
    await recordAudit(
      trx,
      {
        actorId: null,
        action: 'member.import_started',
        targetType: 'member_import',
        targetId: id,
        orgId: org.id,
        details: { mode: input.mode, format, sha256, bytes, ...input.audit },
      },
      now,
    );
  });
  await runImport(
    deps,
    {
      id,
      unionId: union.id,
      orgId: org.id,
      mode: input.mode,
      format,
      actorId: null,
      ip: null,
      sha256,
      bytes,
    },
    () => createReadStream(input.file),
    { onProgress: (p) => input.onProgress?.({ ...p, fileBytes: bytes }) },
  );
  return getImportUnchecked(deps, id);
}
