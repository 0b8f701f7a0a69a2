/**
 * Export of a poll's responses as CSV (UTF-8 with BOM, formula-safe cells) or XLSX (the kernel's
 * streaming ExcelJS writer), one row per response; XLSX adds a summary sheet. Names and times
 * appear only for named polls. Audited before the first byte leaves.
 */
import type { Actor } from '../../kernel/auth/actor.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { csvStream, XLSX_TYPE, xlsxStream } from '../../kernel/export/tabular.js';
import { AppError } from '../../kernel/http/errors.js';
import type { Question } from './polls.questions.js';
import { type PollRow, pollsRepo } from './polls.repo.js';
import { questionResults } from './polls.results.service.js';
import { managedPoll } from './polls.shared.js';

const BATCH = 1000;

type AnswerRow = Awaited<ReturnType<ReturnType<typeof pollsRepo>['answersOf']>>[number];

function cellOf(q: Question, a: AnswerRow | undefined): string | number {
  if (!a) return '';
  const label = (id: string) => q.options?.find((o) => o.id === id)?.label ?? id;
  if (q.kind === 'single' || q.kind === 'multiple') return (a.choices ?? []).map(label).join('; ');
  if (q.kind === 'ranked') return (a.ranking ?? []).map(label).join(' > ');
  if (q.kind === 'rating') return a.rating ?? '';
  return a.text_value ?? '';
}

/** Header row, then one row per response, read in keyset batches. */
export async function* responseRows(deps: Deps, p: PollRow) {
  const questions = p.questions as Question[];
  yield [
    '#',
    ...(p.anonymous ? [] : ['答卷人 Respondent', '提交时间 Submitted']),
    ...questions.map((q) => q.title),
  ];
  const repo = pollsRepo(deps.db);
  let after: string | null = null;
  let n = 0;
  for (;;) {
    const batch = await repo.responseBatch(p.id, after, BATCH);
    if (batch.length === 0) return;
    const answers = new Map<string, AnswerRow>();
    for (const a of await repo.answersOf(batch.map((r) => r.id)))
      answers.set(`${a.response_id}/${a.question_id}`, a);
    for (const r of batch) {
      n++;
      yield [
        n,
        ...(p.anonymous ? [] : [r.respondent_name ?? '', r.submitted_at?.toISOString() ?? '']),
        ...questions.map((q) => cellOf(q, answers.get(`${r.id}/${q.id}`))),
      ];
    }
    after = batch[batch.length - 1]!.id;
  }
}

/** Summary lines: counts per option, rating means, ranked winners. */
async function summaryRows(deps: Deps, p: PollRow): Promise<(string | number)[][]> {
  const rows: (string | number)[][] = [['问题 Question', '项目 Item', '数值 Value']];
  for (const r of await questionResults(deps.db, p)) {
    rows.push([r.title, '作答数 Answered', r.answered]);
    if (r.type === 'ranked') {
      for (const o of r.firstPreferences)
        rows.push([r.title, `第一选择 First preference: ${o.label}`, o.count]);
      const label = (id: string) => r.firstPreferences.find((o) => o.id === id)?.label ?? id;
      const winners = r.irv ? (r.irv.winner ? [r.irv.winner] : []) : (r.stv?.elected ?? []);
      rows.push([r.title, '当选 Elected', winners.map(label).join('; ')]);
    } else if (r.type === 'choice') {
      for (const o of r.options) rows.push([r.title, o.label, o.count]);
    } else if (r.type === 'rating') {
      for (const [i, c] of r.distribution.entries()) rows.push([r.title, `${i + 1}`, c]);
      rows.push([r.title, '平均 Mean', r.mean ?? '']);
    }
  }
  return rows;
}

/**
 * @throws AppError not_found (scope), poll.invalid_state (a draft has nothing to export)
 */
export async function exportPoll(deps: Deps, actor: Actor, id: string, format: 'csv' | 'xlsx' = 'csv') {
  const p = await managedPoll(deps.db, actor, id);
  if (p.status === 'draft') throw new AppError('poll.invalid_state', { status: p.status });
  const now = deps.clock.now();
  await deps.db.transaction().execute((trx) =>
    recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'poll.exported',
        targetType: 'poll',
        targetId: id,
        orgId: p.org_id,
        details: { format, rows: Number(p.responses ?? 0), anonymous: p.anonymous },
      },
      now,
    ),
  );
  const fileName = `poll-${id.slice(0, 8)}-${now.toISOString().slice(0, 10).replaceAll('-', '')}.${format}`;
  if (format === 'csv') {
    return { stream: csvStream(responseRows(deps, p)), fileName, contentType: 'text/csv; charset=utf-8' };
  }
  const stream = await xlsxStream([
    { name: 'Responses', rows: () => responseRows(deps, p) },
    { name: 'Summary', rows: () => summaryRows(deps, p) },
  ]);
  return { stream, fileName, contentType: XLSX_TYPE };
}
