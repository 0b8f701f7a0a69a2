/** SQL of the dues rules, wages, exemptions, schedule, reminders and payroll imports. */
import { type Expression, type Insertable, type SqlBool, sql } from 'kysely';
import type { Database } from '../../kernel/db/pool.js';
import type { DuesPayrollImportsTable, DuesRulesTable, DuesScheduleTable } from '../../kernel/db/types.js';

export type NewRule = Insertable<DuesRulesTable>;
export type NewScheduleRow = Insertable<DuesScheduleTable>;

export function duesRepo(db: Database) {
  return {
    org(orgId: string) {
      return db
        .selectFrom('orgs')
        .where('id', '=', orgId)
        .select(['id', 'kind', 'path', 'name'])
        .executeTakeFirst();
    },

    rules(unionId: string) {
      return db
        .selectFrom('dues_rules')
        .where('union_id', '=', unionId)
        .selectAll()
        .select(sql<string>`effective_from::text`.as('effective_from'))
        .orderBy('dues_rules.effective_from', 'desc')
        .execute();
    },

    async insertRule(rule: NewRule): Promise<string | null> {
      const r = await db
        .insertInto('dues_rules')
        .values(rule)
        .onConflict((oc) => oc.columns(['union_id', 'effective_from']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return r?.id ?? null;
    },

    /** Rules in force on `date` for each union (latest effective_from <= date). */
    rulesInForce(unionIds: string[], date: string) {
      if (unionIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('dues_rules')
        .where('union_id', 'in', unionIds)
        .where('effective_from', '<=', date)
        .distinctOn('union_id')
        .selectAll()
        .orderBy('union_id')
        .orderBy('effective_from', 'desc')
        .execute();
    },

    /** Grassroots unions (kind 'union') that have at least one rule. */
    unionsWithRules() {
      return db.selectFrom('dues_rules').select('union_id').distinct().execute();
    },

    wages(memberId: string) {
      return db
        .selectFrom('dues_wages')
        .where('member_id', '=', memberId)
        .select([
          'id',
          sql<string>`effective_from::text`.as('effective_from'),
          'wage_enc',
          'created_at',
          'created_by',
        ])
        .orderBy('effective_from', 'desc')
        .execute();
    },

    upsertWage(memberId: string, effectiveFrom: string, wageEnc: Buffer, actorId: string) {
      return db
        .insertInto('dues_wages')
        .values({
          member_id: memberId,
          effective_from: effectiveFrom,
          wage_enc: wageEnc,
          created_by: actorId,
        })
        .onConflict((oc) =>
          oc.columns(['member_id', 'effective_from']).doUpdateSet({
            wage_enc: wageEnc,
            created_by: actorId,
            created_at: sql`now()`,
          }),
        )
        .execute();
    },

    exemptions(memberId: string) {
      return db
        .selectFrom('dues_exemptions')
        .where('member_id', '=', memberId)
        .selectAll()
        .orderBy('from_period', 'desc')
        .execute();
    },

    insertExemption(row: Insertable<import('../../kernel/db/types.js').DuesExemptionsTable>) {
      return db.insertInto('dues_exemptions').values(row).returning('id').executeTakeFirstOrThrow();
    },

    /**
     * One batch of schedule candidates of a union: live members (active, retained) after `afterId`,
     * with the wage in force on `date` and their exemptions covering `period`.
     */
    async scheduleCandidates(
      unionId: string,
      period: string,
      date: string,
      afterId: string | null,
      limit: number,
    ) {
      let q = db
        .selectFrom('members as m')
        .where('m.union_id', '=', unionId)
        .where('m.status', 'in', ['active', 'retained'])
        // already scheduled members are skipped here (the primary key still guards against races)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('dues_schedule as s')
                .whereRef('s.member_id', '=', 'm.id')
                .where('s.period', '=', period)
                .select('s.member_id'),
            ),
          ),
        )
        .select((eb) => [
          'm.id',
          'm.org_id',
          'm.status',
          eb
            .selectFrom('dues_wages as w')
            .whereRef('w.member_id', '=', 'm.id')
            .where('w.effective_from', '<=', date)
            .select('w.wage_enc')
            .orderBy('w.effective_from', 'desc')
            .limit(1)
            .as('wage_enc'),
          eb
            .selectFrom('dues_exemptions as e')
            .whereRef('e.member_id', '=', 'm.id')
            .where('e.from_period', '<=', period)
            .where((w) => w.or([w('e.to_period', 'is', null), w('e.to_period', '>=', period)]))
            .select(
              sql<string>`json_agg(json_build_object('kind', e.kind, 'percentPayable', e.percent_payable))`.as(
                'x',
              ),
            )
            .as('exemptions'),
        ])
        .orderBy('m.id')
        .limit(limit);
      if (afterId) q = q.where('m.id', '>', afterId);
      return q.execute();
    },

    /**
     * Inserts a batch of schedule rows and their ledger entries in ONE statement: rows already scheduled
     * (same member and period) are skipped by the primary key, and only newly inserted rows get a charge
     * (and an exemption entry when reduced). Returns the number of ledger entries written.
     */
    async insertScheduleBatch(rows: NewScheduleRow[]): Promise<number> {
      if (rows.length === 0) return 0;
      const r = await db
        .with('ins', (d) =>
          d
            .insertInto('dues_schedule')
            .values(rows)
            .onConflict((oc) => oc.columns(['member_id', 'period']).doNothing())
            .returning(['member_id', 'period', 'gross_fen', 'due_fen']),
        )
        .insertInto('dues_ledger')
        .columns(['member_id', 'kind', 'amount_fen', 'period'])
        .expression((eb) =>
          eb
            .selectFrom('ins')
            .where('ins.gross_fen', '>', 0)
            .select([
              'ins.member_id',
              sql<'charge' | 'exemption'>`'charge'`.as('kind'),
              sql<number>`ins.gross_fen`.as('amount_fen'),
              'ins.period',
            ])
            .unionAll(
              eb
                .selectFrom('ins')
                .whereRef('ins.due_fen', '<', 'ins.gross_fen')
                .select([
                  'ins.member_id',
                  sql<'charge' | 'exemption'>`'exemption'`.as('kind'),
                  sql<number>`ins.due_fen - ins.gross_fen`.as('amount_fen'),
                  'ins.period',
                ]),
            ),
        )
        .returning(sql<number>`1`.as('one'))
        .execute();
      return r.length; // ledger entries written
    },

    countSchedule(unionId: string, period: string) {
      return db
        .selectFrom('dues_schedule')
        .where('union_id', '=', unionId)
        .where('period', '=', period)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
    },

    /** Members of the union by membership number or ID-number blind index (payroll matching). */
    membersByKeys(orgPath: string, memberNos: string[], idBidxs: string[]) {
      if (memberNos.length === 0 && idBidxs.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('members')
        .where('org_id', 'in', (eb) =>
          eb.selectFrom('orgs').where('path', 'like', `${orgPath}%`).select('id'),
        )
        .where((eb) =>
          eb.or([
            ...(memberNos.length ? [eb('member_no', 'in', memberNos)] : []),
            ...(idBidxs.length ? [eb('id_number_bidx', 'in', idBidxs)] : []),
          ]),
        )
        .select(['id', 'member_no', 'id_number_bidx', 'status', 'org_id'])
        .execute();
    },

    scheduleOf(memberIds: string[], periods: string[]) {
      if (memberIds.length === 0 || periods.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('dues_schedule')
        .where('member_id', 'in', memberIds)
        .where('period', 'in', periods)
        .select(['member_id', 'period', 'due_fen'])
        .execute();
    },

    existingReferences(refs: string[]) {
      if (refs.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('dues_ledger')
        .where('reference', 'in', refs)
        .select(['reference', 'amount_fen'])
        .execute();
    },

    insertPayrollImport(row: Insertable<DuesPayrollImportsTable>) {
      return db
        .insertInto('dues_payroll_imports')
        .values(row)
        .returning(['id', 'created_at'])
        .executeTakeFirstOrThrow();
    },

    payrollImport(id: string) {
      return db.selectFrom('dues_payroll_imports').where('id', '=', id).selectAll().executeTakeFirst();
    },

    payrollImports(scope: Expression<SqlBool>) {
      return db
        .selectFrom('dues_payroll_imports')
        .where(scope)
        .select(['id', 'org_id', 'file_name', 'created_at', 'applied', 'summary'])
        .orderBy('created_at', 'desc')
        .limit(50)
        .execute();
    },

    /** Records reminders; returns the (member, period) pairs that were not reminded before. */
    async insertReminders(rows: { member_id: string; period: string; sent_by: string | null }[]) {
      if (rows.length === 0) return [];
      return db
        .insertInto('dues_reminders')
        .values(rows)
        .onConflict((oc) => oc.columns(['member_id', 'period']).doNothing())
        .returning(['member_id', 'period'])
        .execute();
    },
  };
}
