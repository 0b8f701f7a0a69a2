/**
 * Export of the members the caller may export (scope in SQL), as CSV (UTF-8 with BOM, so Excel opens it)
 * or XLSX, streamed in keyset batches. Sensitive fields are masked unless the caller reveals them with a
 * reason, which needs members.pii.reveal on every exported row and the member's consent. Every export
 * is audited before the first byte leaves.
 */
import type { Actor } from '../../kernel/auth/actor.js';
import { requirePermissionSomewhere } from '../../kernel/auth/access.js';
import type { Permission } from '../../kernel/auth/permissions.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import { mask } from '../../kernel/crypto/field.js';
import type { Deps } from '../../kernel/deps.js';
import { csvStream, XLSX_TYPE, xlsxStream } from '../../kernel/export/tabular.js';
import { IMPORT_COLUMNS, LABELS, type Lang } from './columns.js';
import { consentsRepo } from './consents.repo.js';
import { type ListSpec, memberListRepo, scopedOrgIds } from './member-list.repo.js';
import { COL, decryptOrNull } from './members.pii.js';
import type { ExportBody } from './operations.schemas.js';
import { resolveSearch } from './search.js';

const BATCH = 1000;

/**
 * @throws AppError forbidden without members.export (and members.pii.reveal when revealing)
 */
export async function exportMembers(deps: Deps, actor: Actor, body: ExportBody) {
  await requirePermissionSomewhere(deps.db, actor, 'members.export');
  if (body.reveal) await requirePermissionSomewhere(deps.db, actor, 'members.pii.reveal');
  const { q, sort: _sort, orgId, ...filter } = body.filter ?? {};
  const permissions: Permission[] = body.reveal
    ? ['members.export', 'members.pii.reveal']
    : ['members.export'];
  const orgIds = await scopedOrgIds(deps.db, actor, permissions, orgId);
  const spec: ListSpec = { orgIds, filter, search: resolveSearch(deps.cipher, q), ids: body.ids };
  const rows = await memberListRepo(deps.db).countExact(spec);
  await deps.db.transaction().execute((trx) =>
    recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'member.exported',
        targetType: 'member',
        details: {
          format: body.format,
          rows,
          filter: body.filter ?? {},
          selected: body.ids?.length,
          revealed: body.reveal?.fields ?? [],
          reason: body.reveal?.reason,
        },
      },
      deps.clock.now(),
    ),
  );
  const lang: Lang = body.lang ?? 'zh-CN';
  const stamp = deps.clock.now().toISOString().slice(0, 10);
  const records = exportRecords(deps, spec, lang, new Set(body.reveal?.fields ?? []));
  if (body.format === 'csv') {
    return {
      stream: csvStream(records),
      fileName: `members-${stamp}.csv`,
      contentType: 'text/csv; charset=utf-8',
    };
  }
  const stream = await xlsxStream([{ name: lang === 'en' ? 'Members' : '会员', rows: () => records }]);
  return { stream, fileName: `members-${stamp}.xlsx`, contentType: XLSX_TYPE };
}

/** Header row, then one array of cells per member (import template columns first, so it re-imports). */
async function* exportRecords(deps: Deps, spec: ListSpec, lang: Lang, reveal: Set<string>) {
  const L = LABELS[lang];
  yield [
    ...IMPORT_COLUMNS.map((c) => (lang === 'en' ? c.en : c.zh)),
    L.extra.memberNo,
    L.extra.status,
    L.extra.org,
  ];
  const repo = memberListRepo(deps.db);
  let after: { pinyin: string; id: string } | null = null;
  for (;;) {
    const rows = await repo.exportBatch(spec, after, BATCH);
    if (rows.length === 0) return;
    // Consent withdrawn: the member's sensitive fields stay masked even in a revealing export.
    const consented = reveal.size
      ? await consentsRepo(deps.db).grantedAmong(
          rows.map((r) => r.id),
          'sensitive_pi',
        )
      : new Set<string>();
    for (const r of rows) {
      const show = (f: string) => reveal.has(f) && (f === 'email' || consented.has(r.id));
      const idNumber = await decryptOrNull(deps.cipher, COL.idNumber, r.id_number_enc);
      const phone = await decryptOrNull(deps.cipher, COL.phone, r.phone_enc);
      const address = show('address') ? await decryptOrNull(deps.cipher, COL.address, r.address_enc) : null;
      yield [
        r.name,
        L.gender[r.gender as keyof typeof L.gender] ?? '',
        r.birth_date ?? '',
        L.idType[r.id_type as keyof typeof L.idType] ?? r.id_type,
        idNumber ? (show('idNumber') ? idNumber : mask.idNumber(idNumber)) : '',
        phone ? (show('phone') ? phone : mask.phone(phone)) : '',
        r.email ? (show('email') ? r.email : mask.email(r.email)) : '',
        r.address_enc ? (show('address') ? (address ?? '') : mask.text('')) : '',
        r.employer ?? '',
        r.department ?? '',
        r.job_title ?? '',
        r.education ? (L.education[r.education as keyof typeof L.education] ?? r.education) : '',
        r.join_date ?? '',
        r.member_no,
        L.status[r.status as keyof typeof L.status] ?? r.status,
        r.org_name,
      ];
    }
    const last = rows[rows.length - 1]!;
    after = { pinyin: last.name_pinyin, id: last.id };
  }
}
