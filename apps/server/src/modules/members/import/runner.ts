/**
 * Runs one import job: streams rows, validates them, finds duplicates (in the file and in the registry
 * by blind index), and in a commit mode inserts the new members in batches inside ONE transaction on a
 * connection of its own (each batch COPYed into a temporary stage, then one INSERT ... SELECT):
 * `all_or_nothing` rolls it back if any row failed, `valid_only` commits the valid rows. Progress and
 * the row report are written outside that transaction so the UI sees them while it runs and after a
 * rollback. A crash rolls the transaction back (the stage is dropped with it); uploading the same file
 * again is safe (rows whose ID number the union already holds count as "existing" and are skipped).
 */
import { randomUUID } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import type pg from 'pg';
import { recordAudit } from '../../../kernel/audit/audit.js';
import { mask } from '../../../kernel/crypto/field.js';
import type { Database } from '../../../kernel/db/pool.js';
import type { Deps } from '../../../kernel/deps.js';
import { type ColumnKey, mapHeader } from '../columns.js';
import { CONSENT_PURPOSES } from '../consents.js';
import { importsRepo, type Progress } from '../imports.repo.js';
import { formatMemberNo } from '../members.orgs.js';
import { COL } from '../members.pii.js';
import { membersRepo } from '../members.repo.js';
import { type NameKeys, nameKeys } from '../name-index.js';
import { type ImportedMember, importBulkRepo, stageMembers } from './bulk.repo.js';
import { clientDatabase } from './copy-in.js';
import { cellText, csvRows, type RawRow, xlsxRows } from './rows.js';
import { importSealer, type Sealer } from './seal.js';
import { type ImportRecord, type RowError, validateRow } from './validate.js';

const BATCH = 2000;
/** Progress is written at most this often (and at the end). */
const REPORT_MS = 500;
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

/** The load transaction: its Kysely and the raw client its COPYs run on (null in a dry run). */
type Load = { db: Database; client: pg.PoolClient | null };
type Counts = { valid_rows: number; error_rows: number; existing_rows: number; created_rows: number };

type Pending = { rowNo: number; record: ImportRecord; bidx: string };
type ErrorRow = {
  import_id: string;
  row_no: number;
  column_key: string;
  code: string;
  ref_row: number | null;
};

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
    const seal = importSealer(deps.ring);
    const body = async ({ db, client }: Load) => {
      if (client) await importBulkRepo(db).openStage();
      const it = src.rows[Symbol.asyncIterator]();
      const header = await firstNonEmpty(it);
      const mapped = mapHeader((header?.cells ?? []).map(cellText));
      if (!header || mapped.missing.length)
        throw Object.assign(new Error('missing columns'), {
          importCode: 'import.missing_columns',
          details: { missing: mapped.missing, unknown: mapped.unknown },
        });
      const seen = new Map<string, number>();
      const today = deps.clock.now();
      let batch: Pending[] = [];
      let errors: ErrorRow[] = [];
      // The previous batch's database work runs while the next batch is read and validated.
      let inFlight: Promise<void> = Promise.resolve();
      let lastReport = 0;
      const flush = async (final: boolean) => {
        const errs = errors;
        const prepared = await prepareBatch(deps, seal, job, batch, s, preview, errs).catch(async (err) => {
          await inFlight.catch(() => undefined);
          throw err;
        });
        batch = [];
        errors = [];
        await inFlight;
        const work = (async () => {
          const skipped = client ? await insertBatch(deps, db, client, job, prepared) : [];
          if (skipped.length) await classifySkipped(deps, job, skipped, s, errs);
          s.created_rows += prepared.length - skipped.length;
          await importsRepo(deps.db).insertErrors(errs);
          if (final || Date.now() - lastReport >= REPORT_MS) {
            lastReport = Date.now();
            await report();
          }
        })();
        work.catch(() => undefined); // awaited at the next flush; no unhandled rejection meanwhile
        inFlight = work;
        if (final) await work;
      };
      try {
        for (let r = await it.next(); !r.done; r = await it.next()) {
          const row = r.value;
          if (row.cells.every((c) => cellText(c) === '')) continue;
          s.total_rows++;
          const cells = new Map<ColumnKey, unknown>();
          for (const [i, key] of mapped.map) cells.set(key, row.cells[i]);
          const v = validateRow(cells, today);
          let errs: RowError[] = v.errors;
          let bidx = '';
          if (v.record) {
            // the key idNumberBidx (members.pii) gives a hand-entered member: `type:normalised`
            bidx = seal.blindIndex(COL.idNumber, `${v.record.idType}:${v.record.idNumber}`);
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
          if (batch.length >= BATCH || errors.length >= BATCH) await flush(false);
        }
      } catch (err) {
        // Never leave a batch running on the transaction's connection once the transaction ends
        // (its later statements would run outside it).
        await inFlight.catch(() => undefined);
        throw err;
      }
      await flush(true);
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
    if (job.mode === 'dry_run') await body({ db: deps.db, client: null });
    else await inLoadTransaction(deps, (load) => body(load));
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

/** Name keys of recent names (pinyin is the costly part; names repeat a lot in a registry). */
const keyCache = new Map<string, NameKeys>();
function cachedNameKeys(name: string): NameKeys {
  let k = keyCache.get(name);
  if (!k) {
    if (keyCache.size >= 20_000) keyCache.clear();
    k = nameKeys(name);
    keyCache.set(name, k);
  }
  return k;
}

/**
 * The load transaction on a client of its own: its Kysely statements and the COPYs into the stage
 * must share the connection. A client whose transaction could not be ended cleanly is discarded.
 */
async function inLoadTransaction(deps: Deps, fn: (load: Load) => Promise<void>) {
  const client = await deps.pool.connect();
  let broken: Error | undefined;
  try {
    await clientDatabase(client)
      .transaction()
      .execute((db) => fn({ db, client }));
  } catch (err) {
    if (!(err instanceof Rollback) && !(err as { importCode?: string }).importCode) broken = err as Error;
    throw err;
  } finally {
    client.release(broken);
  }
}

/** Column values of one new member: the same keys, ciphertexts and blind indexes as personColumns. */
function memberColumns(c: Sealer, b: Pending, today: string): ImportedMember {
  const r = b.record;
  const keys = cachedNameKeys(r.name);
  return {
    row_no: b.rowNo,
    id: randomUUID(),
    member_no: '',
    name: r.name,
    name_initials: keys.initials,
    name_pinyin: keys.pinyin,
    name_grams: keys.grams,
    gender: r.gender,
    birth_date: r.birthDate,
    id_type: r.idType,
    id_number_enc: c.encrypt(COL.idNumber, r.idNumber),
    id_number_bidx: b.bidx,
    phone_enc: r.phone ? c.encrypt(COL.phone, r.phone) : null,
    phone_bidx: r.phone ? c.blindIndex(COL.phone, r.phone) : null,
    email: r.email,
    address_enc: r.address ? c.encrypt(COL.address, r.address) : null,
    employer: r.employer,
    department: r.department,
    job_title: r.jobTitle,
    education: r.education,
    join_date: r.joinDate ?? today,
  };
}

/**
 * Sorts a batch of valid rows into new, existing (this union) and held by another union (one query by
 * blind index), and encrypts the new ones. The lookup runs on its own connection, next to the previous
 * batch's inserts: rows this job inserted earlier are not visible there, but those are the file's own
 * rows, which the in-file duplicate check has already caught.
 */
async function prepareBatch(
  deps: Deps,
  seal: Sealer,
  job: ImportJob,
  batch: Pending[],
  s: { valid_rows: number; error_rows: number; existing_rows: number },
  preview: Array<Record<string, unknown>>,
  errors: ErrorRow[],
): Promise<ImportedMember[]> {
  if (batch.length === 0) return [];
  const live = new Map(
    (await importBulkRepo(deps.db).liveByIdBidxs(batch.map((b) => b.bidx))).map((m) => [
      m.id_number_bidx,
      m.union_id,
    ]),
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
  if (job.mode === 'dry_run') return [];
  const today = deps.clock.now().toISOString().slice(0, 10);
  return fresh.map((b) => memberColumns(seal, b, today));
}

/**
 * Numbers the new members, stages them with COPY and inserts them with their history events and
 * consents. Returns the rows skipped because their document number went live meanwhile.
 */
async function insertBatch(
  deps: Deps,
  db: Database,
  client: pg.PoolClient,
  job: ImportJob,
  rows: ImportedMember[],
): Promise<ImportedMember[]> {
  if (rows.length === 0) return [];
  const first = await membersRepo(db).reserveNumbers(job.unionId, rows.length);
  rows.forEach((r, i) => {
    r.member_no = formatMemberNo(first + i);
  });
  await stageMembers(client, rows);
  const inserted = await importBulkRepo(db).insertStaged({
    unionId: job.unionId,
    orgId: job.orgId,
    importId: job.id,
    actorId: job.actorId,
    consentVersion: CONSENT_PURPOSES.sensitive_pi.version,
    at: deps.clock.now(),
  });
  return inserted.size === rows.length ? [] : rows.filter((r) => !inserted.has(r.id_number_bidx));
}

/**
 * Rows another import committed between this batch's duplicate lookup and its insert (the live
 * document-number index serialises the two): existing when that import was into this union, a
 * registry duplicate otherwise, exactly as if the lookup had seen them.
 */
async function classifySkipped(
  deps: Deps,
  job: ImportJob,
  skipped: ImportedMember[],
  s: Counts,
  errors: ErrorRow[],
) {
  const live = new Map(
    (await importBulkRepo(deps.db).liveByIdBidxs(skipped.map((r) => r.id_number_bidx))).map((m) => [
      m.id_number_bidx,
      m.union_id,
    ]),
  );
  for (const r of skipped) {
    s.valid_rows--;
    if (live.get(r.id_number_bidx) === job.unionId) s.existing_rows++;
    else {
      s.error_rows++;
      errors.push({
        import_id: job.id,
        row_no: r.row_no,
        column_key: 'idNumber',
        code: 'import.duplicate_in_registry',
        ref_row: null,
      });
    }
  }
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
