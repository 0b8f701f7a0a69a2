/**
 * Arrears lists and reminders. A reminder is recorded per member and period before it is sent, so a
 * member gets at most one per period whoever triggers it (monthly job or officer action).
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Actor } from '../../kernel/auth/actor.js';
import { inScope, requireAccess } from '../../kernel/auth/access.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { type ArrearsRow, analyticsRepo } from './analytics.repo.js';
import { periodOf } from './dues.calc.js';
import { duesRepo } from './dues.repo.js';

export const REMINDER_TEMPLATE = 'dues_reminder';

function yuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

function arrearsView(r: ArrearsRow) {
  return {
    memberId: r.member_id,
    name: r.name,
    memberNo: r.member_no,
    orgId: r.org_id,
    orgName: r.org_name,
    hasAccount: r.user_id !== null,
    months: r.months,
    owedFen: r.owed,
    oldestPeriod: r.oldest,
  };
}

export async function listArrears(
  deps: Deps,
  actor: Actor,
  q: { orgId?: string; minMonths?: number; page?: number; pageSize?: number },
) {
  const orgId = q.orgId ?? actor.orgId;
  await requireAccess(deps.db, actor, 'dues.read', orgId);
  const org = await duesRepo(deps.db).org(orgId);
  if (!org) throw new AppError('not_found');
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 50;
  const scope = sql<SqlBool>`${inScope(deps.db, actor, 'dues.read', sql.ref('m.org_id'))} AND m.org_id IN (SELECT id FROM orgs WHERE path LIKE ${`${org.path}%`})`;
  const { rows, total } = await analyticsRepo(deps.db).arrears(
    scope,
    periodOf(deps.clock.now()),
    q.minMonths ?? 1,
    pageSize,
    (page - 1) * pageSize,
  );
  return { items: rows.map(arrearsView), total, page, pageSize };
}

/** Sends reminders to members in arrears; returns how many were sent now and skipped. */
async function remind(
  deps: Deps,
  scope: Expression<SqlBool>,
  minMonths: number,
  actorId: string | null,
): Promise<{ sent: number; alreadyReminded: number; withoutAccount: number }> {
  const period = periodOf(deps.clock.now());
  const { rows } = await analyticsRepo(deps.db).arrears(scope, period, minMonths, 100_000, 0);
  const withAccount = rows.filter((r) => r.user_id !== null);
  const fresh = new Set<string>();
  for (let i = 0; i < withAccount.length; i += 1000) {
    const chunk = withAccount.slice(i, i + 1000);
    const inserted = await duesRepo(deps.db).insertReminders(
      chunk.map((r) => ({ member_id: r.member_id, period, sent_by: actorId })),
    );
    for (const x of inserted) fresh.add(x.member_id);
  }
  for (const r of withAccount) {
    if (!fresh.has(r.member_id)) continue;
    await deps.notifier.send({
      userId: r.user_id,
      template: REMINDER_TEMPLATE,
      params: { months: r.months, owed: yuan(r.owed), oldest: r.oldest, period },
    });
  }
  return {
    sent: fresh.size,
    alreadyReminded: withAccount.length - fresh.size,
    withoutAccount: rows.length - withAccount.length,
  };
}

/** Officer action: remind the members of an org subtree owing for at least `minMonths` months. */
export async function sendReminders(deps: Deps, actor: Actor, input: { orgId: string; minMonths: number }) {
  await requireAccess(deps.db, actor, 'finance.manage', input.orgId);
  const org = await duesRepo(deps.db).org(input.orgId);
  if (!org) throw new AppError('not_found');
  const scope = sql<SqlBool>`${inScope(deps.db, actor, 'finance.manage', sql.ref('m.org_id'))} AND m.org_id IN (SELECT id FROM orgs WHERE path LIKE ${`${org.path}%`})`;
  const result = await remind(deps, scope, input.minMonths, actor.userId);
  await deps.db.transaction().execute((trx) =>
    recordAudit(trx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'dues.reminders_sent',
      targetType: 'org',
      targetId: input.orgId,
      orgId: input.orgId,
      details: { minMonths: input.minMonths, ...result },
    }),
  );
  return result;
}

/** The monthly job: every member of every union owing for at least one month. */
export async function runMonthlyReminders(deps: Deps) {
  const out = [];
  for (const { union_id } of await duesRepo(deps.db).unionsWithRules()) {
    out.push(await remind(deps, sql<SqlBool>`m.union_id = ${union_id}`, 1, null));
  }
  return out;
}
