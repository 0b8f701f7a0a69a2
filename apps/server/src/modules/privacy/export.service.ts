/**
 * "我的数据" (PIPL art. 45): everything held about the caller, derived from the schema at runtime. Every
 * column that references the caller's account or registry record is found in pg_catalog; rows are
 * exported with encrypted fields decrypted for them and credentials omitted ("present, not exported").
 */
import type { Actor } from '../../kernel/auth/actor.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { assertRecentAuth, assertSecondFactorPassed } from '../identity/index.js';
import { SUBMITTER_BIDX } from '../cases/index.js';
import { CLASSIFICATION, DECRYPT, keyOf, type Link, SECRET_COLUMNS } from './classification.js';
import { privacyRepo, type Targets } from './privacy.repo.js';

/** Per table and link, at most this many rows (an officer's audit trail can be long). */
const ROW_LIMIT = 5000;
export const NOT_EXPORTED = 'present, not exported';

export type ExportSection = {
  table: string;
  column: string;
  kind: 'rows' | 'refs' | 'secret';
  count: number;
  rows?: Record<string, unknown>[];
  ids?: string[];
  note?: string;
};

/** Structured plaintexts (case details, notification parameters) are JSON; the rest is text. */
function parseMaybe(text: string): unknown {
  if (!/^[[{]/.test(text)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function present(deps: Deps, table: string, row: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const [col, v] of Object.entries(row)) {
    const key = `${table}.${col}`;
    if (v === null || v === undefined) out[col] = null;
    else if (SECRET_COLUMNS.has(key)) out[col] = NOT_EXPORTED;
    else if (Buffer.isBuffer(v)) {
      const label = DECRYPT[key];
      const name = col.replace(/_enc$/, '');
      if (!label) out[col] = NOT_EXPORTED;
      else out[name] = await deps.cipher.decrypt(label, v).then(parseMaybe, () => NOT_EXPORTED);
    } else if (v instanceof Date) out[col] = v.toISOString();
    else out[col] = v;
  }
  return out;
}

/** The ids a link's column is compared with: the account id or the registry record ids. */
const idsFor = (t: Targets, l: Link) => t[l.target];

export async function buildExport(deps: Deps, userId: string) {
  const repo = privacyRepo(deps.db);
  const targets: Targets = { users: [userId], members: await repo.memberIdsOfUser(userId) };
  const account = await repo.account(userId);
  const sections: ExportSection[] = [];
  for (const link of await repo.personLinks()) {
    const ids = idsFor(targets, link);
    if (ids.length === 0) continue;
    // an unclassified link is exported in full: a new table can never be left out
    const rule = CLASSIFICATION[keyOf(link)] ?? { export: 'rows' as const };
    const count = await repo.count(link, ids);
    if (count === 0) continue;
    const base = { table: link.table, column: link.column, count };
    if (rule.export === 'secret') sections.push({ ...base, kind: 'secret', note: NOT_EXPORTED });
    else if (rule.export === 'refs') {
      const hasId = (await repo.columns(link.table)).includes('id');
      sections.push({ ...base, kind: 'refs', ids: hasId ? await repo.refIds(link, ids, ROW_LIMIT) : [] });
    } else {
      const rows = await repo.rows(link, ids, ROW_LIMIT);
      sections.push({
        ...base,
        kind: 'rows',
        rows: await Promise.all(rows.map((r) => present(deps, link.table, r))),
      });
    }
  }
  const anonymous = await repo.anonymousCases(deps.cipher.blindIndex(SUBMITTER_BIDX, userId));
  if (anonymous.length > 0)
    sections.push({
      table: 'cases',
      column: 'submitter_bidx',
      kind: 'rows',
      count: anonymous.length,
      note: 'anonymous cases you filed (officers cannot link them to you)',
      rows: await Promise.all(anonymous.map((r) => present(deps, 'cases', r))),
    });
  return {
    format: 'unionhall.personal-data-export/1',
    generatedAt: deps.clock.now().toISOString(),
    account: account ? await present(deps, 'users', account) : null,
    sections,
  };
}

/**
 * The caller's own export. Needs a recent password confirmation (it contains the ID number in clear).
 * @throws AppError auth.mfa_required, auth.reauth_required
 */
export async function myDataExport(deps: Deps, actor: Actor) {
  assertSecondFactorPassed(actor);
  assertRecentAuth(deps, actor);
  const data = await buildExport(deps, actor.userId);
  await deps.db.transaction().execute((trx) =>
    recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'privacy.exported',
        targetType: 'user',
        targetId: actor.userId,
        details: { sections: data.sections.length },
      },
      deps.clock.now(),
    ),
  );
  return data;
}
