/**
 * Export of the cases the caller may list, with the queue's filters, as CSV (UTF-8 with BOM, so Excel
 * opens it) or XLSX (ExcelJS, loaded on first use). Rows are read in keyset batches and streamed, never
 * held whole in memory. Field values, messages and identities are not exported; a named submitter
 * appears masked, an anonymous one never. Every export is audited before the first byte leaves.
 */
import type { Actor } from '../../kernel/auth/actor.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import { mask } from '../../kernel/crypto/field.js';
import type { Deps } from '../../kernel/deps.js';
import { csvStream, XLSX_TYPE, xlsxStream } from '../../kernel/export/tabular.js';
import { casesRepo, type HandlerListFilter } from './cases.repo.js';
import type { CaseListQuery } from './cases.schemas.js';
import { handlerFilter } from './handler.service.js';

const BATCH = 1000;

const HEADER = [
  '编号 Ref',
  '类型 Type',
  '状态 State',
  '标题 Title',
  '发起单位 Origin unit',
  '当前单位 Current unit',
  '部门 Department',
  '提交时间 Filed',
  '首次答复 First response',
  '解决时间 Resolved',
  '办结时间 Closed',
  '超时 SLA breached',
  '满意度 Rating',
  '匿名 Anonymous',
  '提交人 Submitter',
  '地点 Location',
  '部位 Body part',
  '程度 Severity',
  '误工天数 Days lost',
];

const iso = (d: Date | null) => (d ? d.toISOString() : '');

async function* records(deps: Deps, f: HandlerListFilter) {
  yield HEADER;
  const repo = casesRepo(deps.db);
  let after: { createdAt: string; id: string } | undefined;
  for (;;) {
    const rows = await repo.exportBatch(f, after, BATCH);
    for (const r of rows) {
      yield [
        r.ref,
        r.type_key,
        r.state,
        r.title,
        r.origin_name,
        r.org_name,
        r.department ?? '',
        iso(r.created_at),
        iso(r.first_response_at),
        iso(r.resolved_at),
        iso(r.closed_at),
        r.fr_breached_at || r.res_breached_at ? '是 yes' : '否 no',
        r.satisfaction ?? '',
        r.anonymous ? '是 yes' : '否 no',
        // an anonymous submitter never appears; a named one only masked
        !r.anonymous && r.submitter_name ? mask.name(r.submitter_name) : '',
        r.location ?? '',
        r.body_part ?? '',
        r.severity ?? '',
        r.days_lost ?? '',
      ];
    }
    if (rows.length < BATCH) return;
    const last = rows[rows.length - 1]!;
    after = { createdAt: last.cursor_at, id: last.id };
  }
}

export type ExportQuery = Omit<CaseListQuery, 'page' | 'pageSize' | 'cursor'> & { format?: 'csv' | 'xlsx' };

/** @throws AppError forbidden without cases.read anywhere, validation_failed for bad filters */
export async function exportCases(deps: Deps, actor: Actor, q: ExportQuery) {
  const { format = 'csv', ...filters } = q;
  const f = await handlerFilter(deps, actor, filters);
  const rows = await casesRepo(deps.db).countForHandler(f);
  const now = deps.clock.now();
  await deps.db.transaction().execute((trx) =>
    recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'case.exported',
        targetType: 'case',
        details: { format, rows, filters },
      },
      now,
    ),
  );
  const stamp = now.toISOString().slice(0, 10).replaceAll('-', '');
  if (format === 'csv') {
    return {
      stream: csvStream(records(deps, f)),
      fileName: `cases-${stamp}.csv`,
      contentType: 'text/csv; charset=utf-8',
    };
  }
  const stream = await xlsxStream([{ name: '事项 Cases', rows: () => records(deps, f) }]);
  return { stream, fileName: `cases-${stamp}.xlsx`, contentType: XLSX_TYPE };
}
