/**
 * Append-only, hash-chained audit log written in the same transaction as the change it records.
 * hash_n = SHA-256(hash_{n-1} || canonical(row_n)); the database refuses UPDATE, DELETE and TRUNCATE.
 */
import { createHash } from 'node:crypto';
import { advisoryXactLock } from '../db/locks.js';
import type { Database } from '../db/pool.js';

export type AuditEntry = {
  actorId: string | null;
  ip?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  orgId?: string | null;
  details?: Record<string, unknown>;
};

export const GENESIS_HASH = '0'.repeat(64);

/** Deterministic JSON: sorted keys, no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

type HashedFields = {
  seq: number;
  at: Date;
  actor_id: string | null;
  actor_ip: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  org_id: string | null;
  details: Record<string, unknown>;
};

export function chainHash(prevHash: string, row: HashedFields): string {
  const body = canonicalJson({ ...row, at: row.at.toISOString() });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

/**
 * Appends one audit row inside the caller's transaction. The advisory lock orders writers, so the
 * chain has no forks even with several server processes.
 */
export async function recordAudit(trx: Database, entry: AuditEntry, now: Date = new Date()): Promise<void> {
  await advisoryXactLock(trx, 'unionhall.audit_log');
  const last = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const row: HashedFields = {
    seq: (last?.seq ?? 0) + 1,
    // millisecond precision survives the round trip through timestamptz
    at: new Date(Math.floor(now.getTime())),
    actor_id: entry.actorId,
    actor_ip: entry.ip ?? null,
    action: entry.action,
    target_type: entry.targetType ?? null,
    target_id: entry.targetId ?? null,
    org_id: entry.orgId ?? null,
    details: JSON.parse(JSON.stringify(entry.details ?? {})),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  await trx
    .insertInto('audit_log')
    .values({
      ...row,
      details: JSON.stringify(row.details),
      prev_hash: prevHash,
      hash: chainHash(prevHash, row),
    })
    .execute();
}

/** Records an event on its own (for refused or failed actions whose transaction rolls back). */
export async function recordAuditStandalone(db: Database, entry: AuditEntry): Promise<void> {
  await db.transaction().execute((trx) => recordAudit(trx, entry));
}

export type VerifyResult =
  | { ok: true; checked: number; headHash: string | null }
  | { ok: false; checked: number; firstBadSeq: number; reason: string };

/**
 * Walks the chain in order and reports the first row whose hash, link or sequence is wrong.
 * Detects a changed row (hash), a removed row (gap / broken link) and reordered rows (link).
 */
export async function verifyAuditChain(
  db: Database,
  onProgress?: (checked: number) => void,
): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  const batch = 5000;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batch)
      .execute();
    for (const r of rows) {
      if (r.seq !== expectedSeq)
        return { ok: false, checked, firstBadSeq: expectedSeq, reason: 'missing row' };
      if (r.prev_hash !== prev) return { ok: false, checked, firstBadSeq: r.seq, reason: 'broken link' };
      const { hash: _h, prev_hash: _p, ...fields } = r;
      if (chainHash(prev, fields as HashedFields) !== r.hash) {
        return { ok: false, checked, firstBadSeq: r.seq, reason: 'row content changed' };
      }
      prev = r.hash;
      expectedSeq++;
      checked++;
    }
    onProgress?.(checked);
    if (rows.length < batch) return { ok: true, checked, headHash: checked ? prev : null };
  }
}
