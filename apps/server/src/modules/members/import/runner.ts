/**
 * Runs one import job: streams rows, validates them, finds duplicates (in the file and in the registry
 * by blind index), and in a commit mode inserts the new members in batches inside ONE transaction:
 * `all_or_nothing` rolls it back if any row failed, `valid_only` commits the valid rows. Progress and
 * the row report are written outside that transaction so the UI sees them while it runs and after a
 * rollback. A crash rolls the transaction back; uploading the same file again is safe (rows whose ID
 * number the union already holds count as "existing" and are skipped).
 */
import { randomUUID } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { recordAudit } from '../../../kernel/audit/audit.js';
import { mask } from '../../../kernel/crypto/field.js';
import type { Database } from '../../../kernel/db/pool.js';
import type { Deps } from '../../../kernel/deps.js';
import { type ColumnKey, mapHeader } from '../columns.js';
import { consentRow } from '../consents.js';
import { consentsRepo } from '../consents.repo.js';
import { importsRepo, type Progress } from '../imports.repo.js';
import { formatMemberNo } from '../members.orgs.js';
import { idNumberBidx } from '../members.pii.js';
import { membersRepo, type NewMember } from '../members.repo.js';
import { personColumns } from '../members.service.js';
import { cellText, csvRows, type RawRow, xlsxRows } from './rows.js';
import { type ImportRecord, type RowError, validateRow } from './validate.js';

const BATCH = 1000;
const PREVIEW = 20;

export type ImportJob = {
  id: string;
  unionId: string;
  orgId: string;
  mode: 'dry_run' | 'valid_only' | 'all_or_nothing';
  format: 'csv' | 'xlsx';
  actorId: string | null;
  ip: string | null;
  sha256: string;
  bytes: number;
};

class Rollback extends Error {}

type Pending = { rowNo: number; record: ImportRecord; bidx: string };

/** Runs the job to its end, recording the outcome on the job row; never throws. */
export async function runImport(
  deps: Deps,
  job: ImportJob,
  open: () => Readable,
  hooks: { onProgress?: (p: Progress) => void; log?: (message: string) => void } = {},
) {
  const jobs = importsRepo(deps.db);
  const s = { total_rows: 0, valid_rows: 0, error_rows: 0, existing_rows: 0, created_rows: 0 };
  const preview: Array<Record<string, unknown>> = [];
  let read = 0;
  const counted = new PassThrough();
  const file = open();
  file.on('data', (c: Buffer) => {
    read += c.length;
  });
  file.on('error', (e) => counted.destroy(e));
  file.pipe(counted);
  const report = async (extra: Progress = {}) => {
    const p: Progress = {
      ...s,
      progress: job.bytes ? Math.min(1, read / job.bytes) : 1,
      heartbeat_at: deps.clock.now(),
      preview,
      ...extra,
    };
    await jobs.update(job.id, p);
    hooks.onProgress?.(p);
  };
  try {
    const src = job.format === 'csv' ? await csvRows(counted) : xlsxRows(counted);
    await jobs.update(job.id, { status: 'running', encoding: src.encoding, heartbeat_at: deps.clock.now() });
    const body = async (db: Database) => {
      const it = src.rows[Symbol.asyncIterator]();
      const header = await firstNonEmpty(it);
      const mapped = mapHeader((header?.cells ?? []).map(cellText));
      if (!header || mapped.missing.length)
        throw Object.assign(new Error('missing columns'), {
          importCode: 'import.missing_columns',
          details: { missing: mapped.missing, unknown: mapped.unknown },
        });
      const seen = new Map<string, number>();
      let batch: Pending[] = [];
      let errors: {
        import_id: string;
        row_no: number;
        column_key: string;
        code: string;
        ref_row: number | null;
      }[] = [];
      const flush = async () => {
        await processBatch(deps, db, job, batch, s, preview, errors);
        await importsRepo(deps.db).insertErrors(errors);
        batch = [];
        errors = [];
        await report();
      };
      for (let r = await it.next(); !r.done; r = await it.next()) {
        const row = r.value;
        if (row.cells.every((c) => cellText(c) === '')) continue;
        s.total_rows++;
        const cells = new Map<ColumnKey, unknown>();
        for (const [i, key] of mapped.map) cells.set(key, row.cells[i]);
        const v = validateRow(cells, deps.clock.now());
        let errs: RowError[] = v.errors;
        let bidx = '';
        if (v.record) {
          bidx = idNumberBidx(deps.cipher, v.record.idType, v.record.idNumber);
          const first = seen.get(bidx);
          if (first !== undefined)
            errs = [{ column: 'idNumber', code: 'import.duplicate_in_file', ref: first }];
          else seen.set(bidx, row.rowNo);
        }
        if (errs.length) {
          s.error_rows++;
          for (const e of errs)
            errors.push({
              import_id: job.id,
              row_no: row.rowNo,
              column_key: e.column,
              code: e.code,
              ref_row: e.ref ?? null,
            });
        } else batch.push({ rowNo: row.rowNo, record: v.record!, bidx });
        if (batch.length >= BATCH || errors.length >= BATCH) await flush();
      }
      await flush();
      if (job.mode === 'all_or_nothing' && s.error_rows > 0) throw new Rollback();
      if (job.mode !== 'dry_run') {
        await recordAudit(
          db,
          {
            actorId: job.actorId,
            ip: job.ip,
            action: 'member.imported',
            targetType: 'member_import',
            targetId: job.id,
            orgId: job.orgId,
            details: { mode: job.mode, sha256: job.sha256, ...s },
          },
          deps.clock.now(),
        );
      }
    };
    if (job.mode === 'dry_run') await body(deps.db);
    else await deps.db.transaction().execute(body);
    await report({
      status: 'succeeded',
      committed: job.mode !== 'dry_run',
      progress: 1,
      finished_at: deps.clock.now(),
    });
  } catch (err) {
    file.destroy();
    const e = err as { importCode?: string; details?: Record<string, unknown>; code?: string };
    const code =
      err instanceof Rollback
        ? 'import.rows_invalid'
        : (e.importCode ?? (e.code === '23505' ? 'import.conflict' : 'import.unreadable_file'));
    if (!(err instanceof Rollback) && !e.importCode)
      hooks.log?.(`import ${job.id} failed: ${(err as Error).message}`);
    s.created_rows = 0;
    await report({
      status: 'failed',
      committed: false,
      error_code: code,
      error_details: e.details ?? {},
      finished_at: deps.clock.now(),
    }).catch(() => undefined);
  }
}

async function firstNonEmpty(it: AsyncIterator<RawRow>): Promise<RawRow | undefined> {
  for (let r = await it.next(); !r.done; r = await it.next()) {
    if (r.value.cells.some((c) => cellText(c) !== '')) return r.value;
  }
  return undefined;
}

async function processBatch(
  deps: Deps,
  db: Database,
  job: ImportJob,
  batch: Pending[],
  s: { valid_rows: number; error_rows: number; existing_rows: number; created_rows: number },
  preview: Array<Record<string, unknown>>,
  errors: { import_id: string; row_no: number; column_key: string; code: string; ref_row: number | null }[],
) {
  if (batch.length === 0) return;
  const repo = membersRepo(db);
  const live = new Map(
    (await repo.liveByIdBidxs(batch.map((b) => b.bidx))).map((m) => [m.id_number_bidx, m.union_id]),
  );
  const fresh: Pending[] = [];
  for (const b of batch) {
    const union = live.get(b.bidx);
    if (union === undefined) fresh.push(b);
    else if (union === job.unionId) {
      s.existing_rows++;
      addPreview(preview, b, 'exists');
    } else {
      s.error_rows++;
      errors.push({
        import_id: job.id,
        row_no: b.rowNo,
        column_key: 'idNumber',
        code: 'import.duplicate_in_registry',
        ref_row: null,
      });
    }
  }
  s.valid_rows += fresh.length;
  for (const b of fresh) addPreview(preview, b, 'new');
  if (job.mode === 'dry_run' || fresh.length === 0) return;
  const now = deps.clock.now();
  const first = await repo.reserveNumbers(job.unionId, fresh.length);
  const rows: NewMember[] = fresh.map((b, i) => {
    const cols = personColumns(
      deps,
      { ...b.record, idNumberNorm: b.record.idNumber, phoneNorm: b.record.phone },
      b.record.idType,
    );
    return {
      id: randomUUID(),
      union_id: job.unionId,
      org_id: job.orgId,
      member_no: formatMemberNo(first + i),
      status: 'active',
      join_date: b.record.joinDate ?? now.toISOString().slice(0, 10),
      gender: b.record.gender,
      id_type: b.record.idType,
      ...cols,
      name: b.record.name,
      name_initials: cols.name_initials!,
      name_pinyin: cols.name_pinyin!,
      name_grams: cols.name_grams!,
      import_id: job.id,
      created_at: now,
      updated_at: now,
    };
  });
  await repo.insertMany(rows);
  await repo.insertEvents(
    rows.map((r) => ({
      member_id: r.id,
      at: now,
      actor_id: job.actorId,
      action: 'imported',
      from_status: null,
      to_status: 'active',
      union_id: job.unionId,
      org_id: job.orgId,
      details: { importId: job.id },
    })),
  );
  await consentsRepo(db).insert(
    rows.map((r) => consentRow(r.id, 'sensitive_pi', true, 'import_attested', job.actorId, now)),
  );
  s.created_rows += rows.length;
}

function addPreview(preview: Array<Record<string, unknown>>, b: Pending, outcome: 'new' | 'exists') {
  if (preview.length >= PREVIEW) return;
  const r = b.record;
  preview.push({
    rowNo: b.rowNo,
    outcome,
    name: r.name,
    gender: r.gender,
    birthDate: r.birthDate,
    idNumberMasked: mask.idNumber(r.idNumber),
    phoneMasked: r.phone ? mask.phone(r.phone) : null,
    employer: r.employer,
    department: r.department,
    joinDate: r.joinDate,
  });
}
