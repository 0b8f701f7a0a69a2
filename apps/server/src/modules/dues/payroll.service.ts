/**
 * Payroll deduction batches: the employer's file is matched to the schedule; matched rows become
 * 'payroll' payments with the reference payroll:<member>:<period>, so importing the same file again
 * books nothing twice. Everything else lands in the mismatch report (stored, downloadable as CSV).
 */
import type { Actor } from '../../kernel/auth/actor.js';
import { inScope, requireAccess, requirePermissionSomewhere } from '../../kernel/auth/access.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { csvLine } from '../../kernel/export/tabular.js';
import { AppError } from '../../kernel/http/errors.js';
import { sql } from 'kysely';
import { duesRepo } from './dues.repo.js';
import { recordPaymentInTx } from './ledger.service.js';
import { type PayrollRow, parsePayroll } from './payroll.parse.js';
import { idNumberLookupKeys } from '../members/index.js';

export type Problem =
  | 'invalid_row'
  | 'unknown_member'
  | 'period_not_scheduled'
  | 'wrong_amount'
  | 'duplicate_in_file'
  | 'already_applied';

export type ReportLine = {
  rowNo: number;
  key: string;
  period: string | null;
  amountFen: number | null;
  problem: Problem;
  dueFen: number | null;
};

export async function importPayroll(
  deps: Deps,
  actor: Actor,
  q: { orgId?: string; mode?: 'dry_run' | 'apply' },
  file: { body: Buffer | null; format: 'csv' | 'xlsx' | null; fileName?: string },
) {
  const orgId = q.orgId ?? actor.orgId;
  await requireAccess(deps.db, actor, 'finance.manage', orgId);
  const repo = duesRepo(deps.db);
  const org = await repo.org(orgId);
  if (!org) throw new AppError('not_found');
  if (!file.format || !file.body) throw new AppError('unsupported_media_type');
  if (file.body.length === 0) throw new AppError('dues.unreadable_file');
  const body = file.body;
  const rows = await parsePayroll(body, file.format);

  const bidxOf = (id: string) => idNumberLookupKeys(deps.cipher, id);
  const memberNos = [...new Set(rows.flatMap((r) => (r.memberNo ? [r.memberNo] : [])))];
  const bidxs = [...new Set(rows.flatMap((r) => (r.idNumber && !r.memberNo ? bidxOf(r.idNumber) : [])))];
  const found = await repo.membersByKeys(org.path, memberNos, bidxs);
  const byNo = new Map<string, string[]>();
  const byBidx = new Map<string, string>();
  for (const m of found) {
    byNo.set(m.member_no, [...(byNo.get(m.member_no) ?? []), m.id]);
    if (m.id_number_bidx && ['active', 'retained'].includes(m.status)) byBidx.set(m.id_number_bidx, m.id);
  }
  const resolve = (r: PayrollRow): string | null => {
    if (r.memberNo) {
      const ids = byNo.get(r.memberNo) ?? [];
      return ids.length === 1 ? ids[0]! : null;
    }
    if (r.idNumber) for (const b of bidxOf(r.idNumber)) if (byBidx.has(b)) return byBidx.get(b)!;
    return null;
  };
  const resolved = rows.map((r) => ({ row: r, memberId: resolve(r) }));
  const memberIds = [...new Set(resolved.flatMap((x) => (x.memberId ? [x.memberId] : [])))];
  const periods = [...new Set(rows.flatMap((r) => (r.period ? [r.period] : [])))];
  const due = new Map(
    (await repo.scheduleOf(memberIds, periods)).map((s) => [`${s.member_id}|${s.period}`, s.due_fen]),
  );
  const refs = resolved.flatMap((x) =>
    x.memberId && x.row.period ? [`payroll:${x.memberId}:${x.row.period}`] : [],
  );
  const applied = new Set((await repo.existingReferences(refs)).map((r) => r.reference));

  const report: ReportLine[] = [];
  const matched: { memberId: string; period: string; amountFen: number; reference: string }[] = [];
  const seen = new Set<string>();
  for (const { row, memberId } of resolved) {
    const key =
      row.memberNo ?? (row.idNumber ? `${row.idNumber.slice(0, 4)}****${row.idNumber.slice(-4)}` : '');
    const line = (problem: Problem, dueFen: number | null = null) =>
      report.push({ rowNo: row.rowNo, key, period: row.period, amountFen: row.amountFen, problem, dueFen });
    if ((!row.memberNo && !row.idNumber) || !row.period || row.amountFen === null || row.amountFen <= 0) {
      line('invalid_row');
      continue;
    }
    if (!memberId) {
      line('unknown_member');
      continue;
    }
    const k = `${memberId}|${row.period}`;
    if (seen.has(k)) {
      line('duplicate_in_file');
      continue;
    }
    seen.add(k);
    const d = due.get(k);
    if (d === undefined) {
      line('period_not_scheduled');
      continue;
    }
    if (d !== row.amountFen) {
      line('wrong_amount', d);
      continue;
    }
    const reference = `payroll:${memberId}:${row.period}`;
    if (applied.has(reference)) {
      line('already_applied', d);
      continue;
    }
    matched.push({ memberId, period: row.period, amountFen: row.amountFen, reference });
  }
  const summary = {
    rows: rows.length,
    matched: matched.length,
    matchedFen: matched.reduce((a, m) => a + m.amountFen, 0),
    problems: report.filter((r) => r.problem !== 'already_applied').length,
    alreadyApplied: report.filter((r) => r.problem === 'already_applied').length,
  };
  const apply = q.mode === 'apply';
  const record = await deps.db.transaction().execute(async (trx) => {
    let booked = 0;
    if (apply) {
      for (const m of matched) {
        const r = await recordPaymentInTx(trx, {
          memberId: m.memberId,
          amountFen: m.amountFen,
          source: 'payroll',
          reference: m.reference,
          paidAt: deps.clock.now(),
          actorUserId: actor.userId,
        });
        if (!r.duplicate) booked++;
      }
    }
    const rec = await duesRepo(trx).insertPayrollImport({
      org_id: org.id,
      file_name: file.fileName ?? null,
      created_by: actor.userId,
      applied: apply,
      summary: JSON.stringify({ ...summary, booked }),
      report: JSON.stringify(report),
    });
    await recordAudit(trx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: apply ? 'dues.payroll_applied' : 'dues.payroll_checked',
      targetType: 'dues_payroll_import',
      targetId: rec.id,
      orgId: org.id,
      details: { ...summary, booked, fileName: file.fileName ?? null },
    });
    return { id: rec.id, createdAt: rec.created_at, booked };
  });
  return {
    id: record.id,
    orgId: org.id,
    fileName: file.fileName ?? null,
    createdAt: record.createdAt.toISOString(),
    applied: apply,
    summary: { ...summary, booked: record.booked },
    report,
  };
}

async function importInScope(deps: Deps, actor: Actor, id: string) {
  const rec = await duesRepo(deps.db).payrollImport(id);
  if (!rec) throw new AppError('not_found');
  await requireAccess(deps.db, actor, 'finance.manage', rec.org_id);
  return rec;
}

export async function getPayrollImport(deps: Deps, actor: Actor, id: string) {
  const rec = await importInScope(deps, actor, id);
  return {
    id: rec.id,
    orgId: rec.org_id,
    fileName: rec.file_name,
    createdAt: rec.created_at.toISOString(),
    applied: rec.applied,
    summary: rec.summary as Record<string, number>,
    report: rec.report as ReportLine[],
  };
}

export async function listPayrollImports(deps: Deps, actor: Actor) {
  await requirePermissionSomewhere(deps.db, actor, 'finance.manage');
  const scope = inScope(deps.db, actor, 'finance.manage', sql.ref('org_id'));
  const rows = await duesRepo(deps.db).payrollImports(scope);
  return {
    items: rows.map((r) => ({
      id: r.id,
      orgId: r.org_id,
      fileName: r.file_name,
      createdAt: r.created_at.toISOString(),
      applied: r.applied,
      summary: r.summary as Record<string, number>,
    })),
  };
}

const REPORT_HEAD = {
  'zh-CN': ['行号', '会员编号/证件号', '月份', '金额(分)', '问题', '应缴(分)'],
  en: ['Row', 'Member no. / ID', 'Month', 'Amount (fen)', 'Problem', 'Due (fen)'],
};
const PROBLEM_TEXT: Record<'zh-CN' | 'en', Record<Problem, string>> = {
  'zh-CN': {
    invalid_row: '行内容无效',
    unknown_member: '找不到会员',
    period_not_scheduled: '该月份未生成应缴记录',
    wrong_amount: '金额与应缴不符',
    duplicate_in_file: '文件内重复',
    already_applied: '已入账（重复导入）',
  },
  en: {
    invalid_row: 'invalid row',
    unknown_member: 'unknown member',
    period_not_scheduled: 'month not scheduled',
    wrong_amount: 'amount differs from the dues',
    duplicate_in_file: 'duplicate in file',
    already_applied: 'already booked (re-import)',
  },
};

/** The mismatch report as CSV (UTF-8 with BOM, formula-safe). */
export async function payrollReportCsv(deps: Deps, actor: Actor, id: string, lang: 'zh-CN' | 'en') {
  const rec = await importInScope(deps, actor, id);
  const lines = [
    REPORT_HEAD[lang],
    ...(rec.report as ReportLine[]).map((r) => [
      r.rowNo,
      r.key,
      r.period,
      r.amountFen,
      PROBLEM_TEXT[lang][r.problem],
      r.dueFen,
    ]),
  ];
  return `\uFEFF${lines.map(csvLine).join('')}`;
}
