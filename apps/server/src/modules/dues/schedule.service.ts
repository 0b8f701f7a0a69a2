/**
 * The monthly schedule: for every live member (active, retained) of a union with a rule and a declared
 * wage in force on the first day of the period, one schedule row plus its charge (and exemption)
 * ledger entries. Idempotent per member and period (primary key); one INSERT statement per batch.
 */
import type { Actor } from '../../kernel/auth/actor.js';
import { requireAccess } from '../../kernel/auth/access.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { computeDues, type DuesRule, isPeriod, periodOf, periodStart, pickReduction } from './dues.calc.js';
import { type NewScheduleRow, duesRepo } from './dues.repo.js';
import { WAGE_COLUMN } from './officer.service.js';

export const SCHEDULE_BATCH = 1000;

export type ScheduleResult = {
  unionId: string;
  period: string;
  scheduled: number;
  withoutWage: number;
  ruleFound: boolean;
};

/** Generates (or completes) one union's schedule for a period. Safe to run any number of times. */
export async function generateSchedule(
  deps: Deps,
  unionId: string,
  period: string,
  actorId: string | null,
): Promise<ScheduleResult> {
  if (!isPeriod(period)) throw new AppError('dues.invalid_period');
  const date = periodStart(period);
  const repo = duesRepo(deps.db);
  const [ruleRow] = await repo.rulesInForce([unionId], date);
  if (!ruleRow) return { unionId, period, scheduled: 0, withoutWage: 0, ruleFound: false };
  const rule: DuesRule = {
    ratePpm: ruleRow.rate_ppm,
    roundingUnit: ruleRow.rounding_unit as 1 | 10 | 100,
    roundingMode: ruleRow.rounding_mode,
    minimumFen: ruleRow.minimum_fen,
    retainedPercent: ruleRow.retained_percent,
  };
  let after: string | null = null;
  let withoutWage = 0;
  for (;;) {
    const batch = await repo.scheduleCandidates(unionId, period, date, after, SCHEDULE_BATCH);
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    const rows: NewScheduleRow[] = [];
    for (const c of batch) {
      if (!c.wage_enc) {
        withoutWage++;
        continue;
      }
      const wageFen = Number(await deps.cipher.decrypt(WAGE_COLUMN, c.wage_enc));
      const exemptions =
        (c.exemptions as unknown as Array<{ kind: 'hardship' | 'other'; percentPayable: number }> | null) ??
        [];
      const reduction = pickReduction(c.status, rule, exemptions);
      const amount = computeDues(wageFen, rule, reduction?.percentPayable ?? 100);
      rows.push({
        member_id: c.id,
        period,
        union_id: unionId,
        org_id: c.org_id,
        rule_id: ruleRow.id,
        gross_fen: amount.grossFen,
        due_fen: amount.dueFen,
        exemption: reduction ? reduction.kind : null,
      });
    }
    await repo.insertScheduleBatch(rows);
    if (batch.length < SCHEDULE_BATCH) break;
  }
  const { n } = await repo.countSchedule(unionId, period);
  await deps.db.transaction().execute((trx) =>
    recordAudit(trx, {
      actorId,
      action: 'dues.schedule_generated',
      targetType: 'org',
      targetId: unionId,
      orgId: unionId,
      details: { period, scheduled: Number(n), withoutWage },
    }),
  );
  return { unionId, period, scheduled: Number(n), withoutWage, ruleFound: true };
}

/** Officer action: generate a union's schedule for a period now (finance.manage on the union). */
export async function generateScheduleAsOfficer(
  deps: Deps,
  actor: Actor,
  input: { unionId: string; period: string },
) {
  await requireAccess(deps.db, actor, 'finance.manage', input.unionId);
  const org = await duesRepo(deps.db).org(input.unionId);
  if (org?.kind !== 'grassroots') throw new AppError('not_found');
  if (!isPeriod(input.period)) throw new AppError('dues.invalid_period');
  return generateSchedule(deps, input.unionId, input.period, actor.userId);
}

/** The scheduled job: the current period for every union that has rules. */
export async function runMonthlySchedule(
  deps: Deps,
  period = periodOf(deps.clock.now()),
): Promise<ScheduleResult[]> {
  const out: ScheduleResult[] = [];
  for (const { union_id } of await duesRepo(deps.db).unionsWithRules()) {
    out.push(await generateSchedule(deps, union_id, period, null));
  }
  return out;
}
