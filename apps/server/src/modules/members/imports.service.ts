/** Import jobs: upload (spooled, then run in this process in the background), progress, row report, template. */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { Actor } from '../../kernel/auth/actor.js';
import { requireAccess, requirePermissionSomewhere } from '../../kernel/auth/access.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { IMPORT_COLUMNS, type Lang } from './columns.js';
import { type ImportJobRow, importsRepo } from './imports.repo.js';
import type { ImportQuery, ImportView } from './imports.schemas.js';
import { csvLine, loadExcel } from '../../kernel/export/tabular.js';
import { columnLabel, rowErrorText } from './import/messages.js';
import { runImport } from './import/runner.js';
import { spoolUpload } from './import/spool.js';
import { resolvePlacement } from './members.orgs.js';

export const IMPORT_LIMIT_BYTES = 50 * 1024 * 1024;
const STALE_MS = 120_000;

/** Jobs still running in this process (tests and graceful shutdown wait for them). */
export const runningImports = new Map<string, Promise<void>>();

function sanitiseFileName(name: string | undefined): string | null {
  if (!name) return null;
  const base = Array.from(path.basename(name.replace(/\\/g, '/')))
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join('');
  return base.slice(0, 200) || null;
}

/**
 * Accepts an upload and starts its job. Access is checked before a byte of the body is read.
 * @throws AppError not_found, member.invalid_org, member.consent_required, payload_too_large,
 *   unsupported_media_type, import.empty_file
 */
export async function startImport(
  deps: Deps,
  actor: Actor,
  q: ImportQuery,
  upload: { body: Readable; format: 'csv' | 'xlsx' | null; fileName?: string },
  log?: (m: string) => void,
): Promise<ImportView> {
  if (!q.orgId) {
    await requirePermissionSomewhere(deps.db, actor, 'members.import');
    throw new AppError('bad_request', { reason: 'orgId_required' });
  }
  await requireAccess(deps.db, actor, 'members.import', q.orgId);
  const { org, union } = await resolvePlacement(deps.db, q.orgId);
  const format = upload.format;
  if (!format) throw new AppError('unsupported_media_type', { accepted: ['text/csv', 'xlsx'] });
  const mode = q.mode ?? 'dry_run';
  if (mode !== 'dry_run' && !q.consentAttested)
    throw new AppError('member.consent_required', { purpose: 'sensitive_pi' });
  const id = randomUUID();
  const spooled = await spoolUpload(
    upload.body,
    path.join(deps.config.dataDir, 'tmp', 'imports'),
    id,
    format,
    IMPORT_LIMIT_BYTES,
  );
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await importsRepo(trx).insert({
      id,
      union_id: union.id,
      org_id: org.id,
      created_by: actor.userId,
      created_at: now,
      mode,
      format,
      file_name: sanitiseFileName(upload.fileName),
      file_sha256: spooled.sha256,
      file_bytes: spooled.bytes,
    });
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'member.import_started',
        targetType: 'member_import',
        targetId: id,
        orgId: org.id,
        details: { mode, format, sha256: spooled.sha256, bytes: spooled.bytes },
      },
      now,
    );
  });
  const job = {
    id,
    unionId: union.id,
    orgId: org.id,
    mode,
    format,
    actorId: actor.userId,
    ip: actor.ip,
    sha256: spooled.sha256,
    bytes: spooled.bytes,
  };
  const run = runImport(deps, job, spooled.open, { log }).finally(() => {
    spooled.remove();
    runningImports.delete(id);
  });
  runningImports.set(id, run);
  return present(await importsRepo(deps.db).findById(id), []);
}

function present(row: ImportJobRow | undefined, errors: ImportView['errors']): ImportView {
  if (!row) throw new AppError('not_found');
  const stale =
    row.status === 'running' &&
    row.heartbeat_at &&
    Date.now() - row.heartbeat_at.getTime() > STALE_MS &&
    !runningImports.has(row.id);
  return {
    id: row.id,
    orgId: row.org_id,
    mode: row.mode,
    format: row.format,
    fileName: row.file_name,
    fileSha256: row.file_sha256,
    fileBytes: Number(row.file_bytes),
    encoding: row.encoding,
    status: stale ? 'failed' : row.status,
    progress: row.progress,
    totalRows: row.total_rows,
    validRows: row.valid_rows,
    errorRows: row.error_rows,
    existingRows: row.existing_rows,
    createdRows: row.created_rows,
    committed: row.committed,
    errorCode: stale ? 'import.interrupted' : row.error_code,
    errorDetails: row.error_details,
    preview: row.preview,
    errors,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

async function loadJob(deps: Deps, actor: Actor, id: string): Promise<ImportJobRow> {
  const row = await importsRepo(deps.db).findById(id);
  if (!row) {
    await requireAccess(deps.db, actor, 'members.import', []);
    throw new AppError('not_found');
  }
  await requireAccess(deps.db, actor, 'members.import', row.org_id);
  return row;
}

/** The job with its progress and the first 200 row errors. @throws AppError not_found */
export async function getImport(deps: Deps, actor: Actor, id: string): Promise<ImportView> {
  const row = await loadJob(deps, actor, id);
  const errors = await importsRepo(deps.db).errors(id, 0, 200);
  return present(
    row,
    errors.map((e) => ({ rowNo: e.row_no, column: e.column_key, code: e.code, refRow: e.ref_row })),
  );
}

/** The job without an access check (trusted callers: the CLI). @throws AppError not_found */
export async function getImportUnchecked(deps: Deps, id: string, errorLimit = 200): Promise<ImportView> {
  const errors = await importsRepo(deps.db).errors(id, 0, errorLimit);
  return present(
    await importsRepo(deps.db).findById(id),
    errors.map((e) => ({ rowNo: e.row_no, column: e.column_key, code: e.code, refRow: e.ref_row })),
  );
}

/** The report lines (header first) of a job, for the CLI's --report file. */
export async function* reportLines(deps: Deps, id: string, lang: Lang) {
  const repo = importsRepo(deps.db);
  yield '\uFEFF';
  yield csvLine(
    lang === 'en' ? ['Row', 'Column', 'Code', 'Problem'] : ['行号', '列', '错误代码', '问题说明'],
  );
  let after = 0;
  for (;;) {
    const rows = await repo.errors(id, after, 2000);
    if (rows.length === 0) return;
    for (const e of rows)
      yield csvLine([
        e.row_no,
        columnLabel(e.column_key, lang),
        e.code,
        rowErrorText(e.code, lang, e.ref_row),
      ]);
    after = rows[rows.length - 1]!.id;
  }
}

/** The full row report as CSV (row, column, code, message), streamed. @throws AppError not_found */
export async function importReport(deps: Deps, actor: Actor, id: string, lang: Lang) {
  await loadJob(deps, actor, id);
  return {
    stream: Readable.from(reportLines(deps, id, lang)),
    fileName: `import-${id.slice(0, 8)}-report.csv`,
  };
}

const SAMPLE = [
  '张三',
  '男',
  '',
  '居民身份证',
  '11010519491231002X',
  '13800138000',
  'zhangsan@example.org',
  '北京市朝阳区示例路1号',
  '第一机械厂',
  '一车间',
  '技术员',
  '本科',
  '2024-03-01',
];

/**
 * An empty template (one sample row) in the chosen header language.
 * @throws AppError forbidden without members.import anywhere
 */
export async function importTemplate(deps: Deps, actor: Actor, format: 'csv' | 'xlsx', lang: Lang) {
  await requirePermissionSomewhere(deps.db, actor, 'members.import');
  const header = IMPORT_COLUMNS.map((c) => (lang === 'en' ? c.en : c.zh) + (c.required ? ' *' : ''));
  if (format === 'csv') {
    return {
      stream: Readable.from(['\uFEFF', csvLine(header), csvLine(SAMPLE)]),
      fileName: 'members-template.csv',
    };
  }
  const out = new PassThrough();
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(lang === 'en' ? 'Members' : '会员');
  ws.addRow(header);
  ws.addRow(SAMPLE);
  // ID numbers and phones as text, so Excel does not turn them into numbers.
  for (const key of ['idNumber', 'phone'])
    ws.getColumn(IMPORT_COLUMNS.findIndex((c) => c.key === key) + 1).numFmt = '@';
  ws.columns.forEach((c) => {
    c.width = 18;
  });
  void wb.xlsx.write(out).then(
    () => out.end(),
    (e: Error) => out.destroy(e),
  );
  return { stream: out, fileName: 'members-template.xlsx' };
}
