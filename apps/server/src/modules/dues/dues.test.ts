/**
 * Dues end to end on a real database: rules with effective dates, encrypted wages, exemptions and
 * retained membership, the idempotent schedule, the append-only ledger and its contract functions,
 * arrears, reminders (one per member and period), the dashboard and the member's own view.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { insertMemberRow } from '../../kernel/testing/member-fixtures.js';
import { uniqueIp } from '../../kernel/testing/net.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { summarize } from './dues.calc.js';
import { ledgerRepo } from './ledger.repo.js';
import { duesStanding, getMemberDues, recordPaymentInTx, recordRefundInTx } from './index.js';
import { runMonthlyReminders, runMonthlySchedule } from './index.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let finance: TestClient;
let branchOfficer: TestClient;
let memberUser: TestUser;
let memberClient: TestClient;
const m: Record<'a' | 'b' | 'retained' | 'hardship' | 'nowage', string> = {} as never;

beforeAll(async () => {
  ctx = await buildTestApp();
  ctx.clock.current = new Date('2026-03-20T08:00:00Z');
  tree = await createTree(ctx);
  finance = await loginAs(
    ctx,
    await createUser(ctx, { username: 'dues_fin', org: tree.union, roles: ['finance_officer'] }),
    uniqueIp(),
  );
  branchOfficer = await loginAs(
    ctx,
    await createUser(ctx, { username: 'dues_b2', org: tree.branch2, roles: ['finance_officer'] }),
    uniqueIp(),
  );
  memberUser = await createUser(ctx, { username: 'dues_member', org: tree.branch1 });
  memberClient = await loginAs(ctx, memberUser, uniqueIp());
  m.a = await insertMemberRow(ctx, { user: memberUser, org: tree.branch1, union: tree.union });
  m.b = await insertMemberRow(ctx, {
    user: await createUser(ctx, { username: 'dues_b', org: tree.branch2 }),
    org: tree.branch2,
    union: tree.union,
  });
  m.retained = await insertMemberRow(ctx, {
    user: null,
    org: tree.branch1,
    union: tree.union,
    status: 'retained',
  });
  m.hardship = await insertMemberRow(ctx, { user: null, org: tree.branch1, union: tree.union });
  m.nowage = await insertMemberRow(ctx, { user: null, org: tree.branch1, union: tree.union });
});
afterAll(async () => ctx?.close());

const rule = (over: Record<string, unknown> = {}) => ({
  effectiveFrom: '2026-01-01',
  ratePercent: '0.5',
  roundingUnit: 10,
  roundingMode: 'half_up',
  minimumFen: 200,
  retainedPercent: 0,
  ...over,
});

describe('rules, wages, exemptions, schedule', () => {
  it('keeps rule history per effective date and refuses a second rule on the same date', async () => {
    const r = await finance.post('/api/dues/rules', { unionId: tree.union.id, ...rule() });
    expect(r.statusCode).toBe(201);
    const again = await finance.post('/api/dues/rules', {
      unionId: tree.union.id,
      ...rule({ ratePercent: '1' }),
    });
    expect(again.json().code).toBe('dues.rule_exists');
    const later = await finance.post('/api/dues/rules', {
      unionId: tree.union.id,
      ...rule({ effectiveFrom: '2026-03-01', ratePercent: '1' }),
    });
    expect(later.json().items.map((x: { ratePercent: string }) => x.ratePercent)).toEqual(['1', '0.5']);
    expect(
      (
        await finance.post('/api/dues/rules', {
          unionId: tree.branch1.id,
          ...rule({ effectiveFrom: '2026-05-01' }),
        })
      ).json().code,
    ).toBe('dues.invalid_rule');
    // a branch officer cannot change the union's rules (404, like a missing union)
    expect(
      (
        await branchOfficer.post('/api/dues/rules', {
          unionId: tree.union.id,
          ...rule({ effectiveFrom: '2026-06-01' }),
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await finance.post('/api/dues/rules', { unionId: tree.union.id, ...rule({ ratePercent: '0.5%' }) }))
        .statusCode,
    ).toBe(400);
  });

  it('stores wages only as ciphertext and answers them masked', async () => {
    for (const [id, wage] of [
      [m.a, 654321],
      [m.b, 500000],
      [m.retained, 400000],
      [m.hardship, 300000],
    ] as const) {
      const r = await finance.post(`/api/dues/members/${id}/wages`, {
        effectiveFrom: '2026-01-01',
        wageFen: wage,
      });
      expect(r.statusCode).toBe(200);
      expect(r.json().wages).toEqual([{ effectiveFrom: '2026-01-01', wage: '******' }]);
    }
    const raw = await ctx.deps.db
      .selectFrom('dues_wages')
      .select('wage_enc')
      .where('member_id', '=', m.a)
      .executeTakeFirstOrThrow();
    expect(raw.wage_enc.toString('latin1')).not.toContain('654321');
    const rev = await finance.post(`/api/dues/members/${m.a}/wages/reveal`, { reason: '核对工资基数' });
    expect(rev.json().items).toEqual([{ effectiveFrom: '2026-01-01', wageFen: 654321 }]);
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .where('action', '=', 'pii.revealed')
      .where('target_id', '=', m.a)
      .select('details')
      .execute();
    expect(audit).toHaveLength(1);
    // branch 2's finance officer cannot see branch 1's member
    expect((await branchOfficer.get(`/api/dues/members/${m.a}`)).statusCode).toBe(404);
    expect(
      (
        await branchOfficer.post(`/api/dues/members/${m.a}/wages`, {
          effectiveFrom: '2026-01-01',
          wageFen: 1,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('generates the schedule once per member and period with minimum and reductions', async () => {
    const ex = await finance.post(`/api/dues/members/${m.hardship}/exemptions`, {
      kind: 'hardship',
      percentPayable: 50,
      fromPeriod: '2026-01',
      reason: '困难职工',
    });
    expect(ex.statusCode).toBe(200);
    const first = await finance.post('/api/dues/schedule', { unionId: tree.union.id, period: '2026-01' });
    expect(first.json()).toMatchObject({ scheduled: 4, withoutWage: 1, ruleFound: true });
    const again = await finance.post('/api/dues/schedule', { unionId: tree.union.id, period: '2026-01' });
    expect(again.json().scheduled).toBe(4);
    const rows = await ctx.deps.db
      .selectFrom('dues_schedule')
      .selectAll()
      .where('period', '=', '2026-01')
      .execute();
    const by = new Map(rows.map((r) => [r.member_id, r]));
    // 654321 × 0.5% = 3271.6 -> jiao half-up 3270
    expect(by.get(m.a)).toMatchObject({ gross_fen: 3270, due_fen: 3270, exemption: null });
    expect(by.get(m.b)).toMatchObject({ gross_fen: 2500, due_fen: 2500 });
    expect(by.get(m.retained)).toMatchObject({ gross_fen: 2000, due_fen: 0, exemption: 'retained' });
    expect(by.get(m.hardship)).toMatchObject({ gross_fen: 1500, due_fen: 750, exemption: 'hardship' });
    const entries = await ctx.deps.db
      .selectFrom('dues_ledger')
      .select(['member_id', 'kind', 'amount_fen'])
      .where('period', '=', '2026-01')
      .execute();
    expect(entries).toHaveLength(6); // 4 charges + 2 exemptions, nothing twice
    // the job (explicit periods here; it takes the clock's period by default) stays idempotent too
    await runMonthlySchedule(ctx.deps, '2026-02');
    await runMonthlySchedule(ctx.deps, '2026-02');
    expect(
      (
        await ctx.deps.db
          .selectFrom('dues_schedule')
          .select('member_id')
          .where('period', '=', '2026-02')
          .execute()
      ).length,
    ).toBe(4);
    await runMonthlySchedule(ctx.deps);
    // the March rule (1%) applies from its date: 654321 × 1% = 6543.21 -> 6540
    const march = await ctx.deps.db
      .selectFrom('dues_schedule')
      .select('gross_fen')
      .where('member_id', '=', m.a)
      .where('period', '=', '2026-03')
      .executeTakeFirstOrThrow();
    expect(march.gross_fen).toBe(6540);
  });
});

describe('ledger contract', () => {
  it('balance, FIFO periods, idempotent payments and refunds', async () => {
    const d0 = await getMemberDues(ctx.deps.db, m.a);
    expect(d0.balanceFen).toBe(3270 + 3270 + 6540);
    expect(d0.periods.map((p) => p.paidFen)).toEqual([0, 0, 0]);
    const pay = (reference: string, amountFen: number) =>
      ctx.deps.db.transaction().execute((trx) =>
        recordPaymentInTx(trx, {
          memberId: m.a,
          amountFen,
          source: 'online',
          reference,
          paidAt: new Date(),
          actorUserId: null,
        }),
      );
    const p1 = await pay('wx:1', 5000);
    expect(p1.duplicate).toBe(false);
    expect((await pay('wx:1', 5000)).entryId).toBe(p1.entryId);
    expect((await pay('wx:1', 5000)).duplicate).toBe(true);
    await expect(pay('wx:1', 4000)).rejects.toMatchObject({ code: 'dues.reference_conflict' });
    await expect(pay('wx:2', 0)).rejects.toMatchObject({ code: 'dues.invalid_amount' });
    await expect(pay('wx:2', 1.5)).rejects.toMatchObject({ code: 'dues.invalid_amount' });
    const d1 = await getMemberDues(ctx.deps.db, m.a);
    expect(d1.periods).toEqual([
      { period: '2026-01', dueFen: 3270, paidFen: 3270 },
      { period: '2026-02', dueFen: 3270, paidFen: 1730 },
      { period: '2026-03', dueFen: 6540, paidFen: 0 },
    ]);
    const refund = (refundReference: string, amountFen: number) =>
      ctx.deps.db
        .transaction()
        .execute((trx) =>
          recordRefundInTx(trx, { reference: 'wx:1', refundReference, amountFen, actorUserId: null }),
        );
    const r1 = await refund('wx:1:r1', 1000);
    expect((await refund('wx:1:r1', 1000)).entryId).toBe(r1.entryId);
    await expect(refund('wx:1:r2', 4001)).rejects.toMatchObject({ code: 'dues.refund_exceeds_payment' });
    await expect(
      ctx.deps.db
        .transaction()
        .execute((trx) =>
          recordRefundInTx(trx, { reference: 'nope', refundReference: 'x', amountFen: 1, actorUserId: null }),
        ),
    ).rejects.toMatchObject({ code: 'dues.payment_not_found' });
    const d2 = await getMemberDues(ctx.deps.db, m.a);
    expect(d2.balanceFen).toBe(3270 + 3270 + 6540 - 4000);
    expect(d2.owedFen).toBe(d2.balanceFen);
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE of the ledger', async () => {
    await expect(sql`UPDATE dues_ledger SET amount_fen = 1`.execute(ctx.deps.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM dues_ledger`.execute(ctx.deps.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE dues_ledger CASCADE`.execute(ctx.deps.db)).rejects.toThrow(/append-only/);
  });

  it('standing for election rolls', async () => {
    const asOf = new Date('2026-03-20T00:00:00Z');
    const s = await duesStanding(ctx.deps.db, [m.a, m.b, m.retained, m.nowage], asOf);
    expect(s.get(m.a)).toBe('in_arrears');
    expect(s.get(m.b)).toBe('in_arrears');
    expect(s.get(m.retained)).toBe('exempt');
    expect(s.get(m.nowage)).toBe('paid_up');
    await ctx.deps.db.transaction().execute((trx) =>
      recordPaymentInTx(trx, {
        memberId: m.b,
        amountFen: 5000,
        source: 'cash',
        reference: 'cash:b1',
        paidAt: asOf,
        actorUserId: null,
      }),
    );
    expect((await duesStanding(ctx.deps.db, [m.b], asOf)).get(m.b)).toBe('paid_up');
  });

  it('officer corrections are reversal entries; a reversed charge takes its exemption with it', async () => {
    const hd = await finance.get(`/api/dues/members/${m.hardship}`);
    const charge = hd
      .json()
      .entries.find((e: { kind: string; period: string }) => e.kind === 'charge' && e.period === '2026-01');
    const before = (await getMemberDues(ctx.deps.db, m.hardship)).balanceFen;
    const r = await finance.post(`/api/dues/entries/${charge.id}/reverse`, { reason: '工资基数录错' });
    expect(r.statusCode).toBe(200);
    expect(r.json().balanceFen).toBe(before - 750);
    expect(
      (await finance.post(`/api/dues/entries/${charge.id}/reverse`, { reason: '再次冲正' })).json().code,
    ).toBe('dues.already_reversed');
    expect(
      (await branchOfficer.post(`/api/dues/entries/${charge.id}/reverse`, { reason: '越权冲正' })).statusCode,
    ).toBe(404);
  });

  it('any sequence of payments, refunds and reversals keeps balance = sum of entries (property, real DB)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ t: fc.constant('pay' as const), amount: fc.integer({ min: 1, max: 9000 }) }),
            fc.record({
              t: fc.constant('refund' as const),
              pick: fc.nat(),
              amount: fc.integer({ min: 1, max: 9000 }),
            }),
            fc.record({ t: fc.constant('reverse' as const), pick: fc.nat() }),
          ),
          { maxLength: 8 },
        ),
        async (ops) => {
          const memberId = await insertMemberRow(ctx, { user: null, org: tree.branch1, union: tree.union });
          await finance.post(`/api/dues/members/${memberId}/wages`, {
            effectiveFrom: '2026-01-01',
            wageFen: 400000,
          });
          await ctx.deps.db.transaction().execute(async (trx) => {
            await ledgerRepo(trx).insert({
              member_id: memberId,
              kind: 'charge',
              amount_fen: 2000,
              period: '2026-01',
            });
            await ledgerRepo(trx).insert({
              member_id: memberId,
              kind: 'exemption',
              amount_fen: -500,
              period: '2026-01',
            });
          });
          const payments: string[] = [];
          for (const op of ops) {
            const run = (
              f: Parameters<typeof ctx.deps.db.transaction>[0] extends never
                ? never
                : (trx: typeof ctx.deps.db) => Promise<unknown>,
            ) =>
              ctx.deps.db
                .transaction()
                .execute(f)
                .catch((e: { code?: string }) => {
                  if (!String(e.code).startsWith('dues.')) throw e;
                });
            if (op.t === 'pay') {
              const ref = `prop:${n++}`;
              await run((trx) =>
                recordPaymentInTx(trx, {
                  memberId,
                  amountFen: op.amount,
                  source: 'online',
                  reference: ref,
                  paidAt: new Date(),
                  actorUserId: null,
                }),
              );
              payments.push(ref);
            } else if (op.t === 'refund' && payments.length) {
              const ref = payments[op.pick % payments.length]!;
              await run((trx) =>
                recordRefundInTx(trx, {
                  reference: ref,
                  refundReference: `prop:${n++}`,
                  amountFen: op.amount,
                  actorUserId: null,
                }),
              );
            } else if (op.t === 'reverse') {
              const entries = await ledgerRepo(ctx.deps.db).entries(memberId);
              const target = entries[op.pick % entries.length]!;
              await finance.post(`/api/dues/entries/${target.id}/reverse`, { reason: '属性测试' });
            }
          }
          const entries = await ledgerRepo(ctx.deps.db).entries(memberId);
          const sum = entries.reduce((a, e) => a + e.amountFen, 0);
          const d = await getMemberDues(ctx.deps.db, memberId);
          expect(d.balanceFen).toBe(sum);
          expect(d).toEqual({ ...summarize(entries), creditFen: undefined, ...d });
          // each reversed entry is never over-reversed
          for (const e of entries.filter((x) => x.kind !== 'reversal')) {
            const rev = entries.filter((x) => x.reversesId === e.id).reduce((a, x) => a + x.amountFen, 0);
            expect(Math.abs(rev)).toBeLessThanOrEqual(Math.abs(e.amountFen));
            expect(rev === 0 || Math.sign(rev) === -Math.sign(e.amountFen)).toBe(true);
          }
          for (const p of d.periods) expect(p.paidFen >= 0 && p.paidFen <= p.dueFen).toBe(true);
        },
      ),
      { numRuns: 12 },
    );
  });
});

describe('member view, arrears, reminders, dashboard', () => {
  it('a member sees only their own dues', async () => {
    const r = await memberClient.get('/api/my/dues');
    expect(r.statusCode).toBe(200);
    expect(r.json().memberId).toBe(m.a);
    expect(r.json().periods).toHaveLength(3);
    expect((await memberClient.get(`/api/dues/members/${m.b}`)).statusCode).toBeGreaterThanOrEqual(403);
    const stranger = await loginAs(
      ctx,
      await createUser(ctx, { username: 'dues_nomember', org: tree.branch1 }),
      uniqueIp(),
    );
    expect((await stranger.get('/api/my/dues')).json().code).toBe('dues.no_member_record');
  });

  it('lists arrears within the officer subtree', async () => {
    const all = await finance.get(`/api/dues/arrears?orgId=${tree.union.id}&minMonths=2`);
    expect(all.statusCode).toBe(200);
    const ids = all.json().items.map((x: { memberId: string }) => x.memberId);
    expect(ids).toContain(m.a);
    const a = all.json().items.find((x: { memberId: string }) => x.memberId === m.a);
    expect(a).toMatchObject({ months: 2, owedFen: 3270 + 3270 + 6540 - 4000, oldestPeriod: '2026-02' });
    const b2 = await branchOfficer.get(`/api/dues/arrears?orgId=${tree.branch2.id}&minMonths=1`);
    expect(b2.json().items.map((x: { memberId: string }) => x.memberId)).not.toContain(m.a);
    expect((await branchOfficer.get(`/api/dues/arrears?orgId=${tree.branch1.id}`)).statusCode).toBe(404);
  });

  it('sends at most one reminder per member and period', async () => {
    ctx.notifier.sent.length = 0;
    const r1 = await finance.post('/api/dues/reminders', { orgId: tree.union.id, minMonths: 1 });
    // members A and B have accounts (B still owes March); the others have none
    expect(r1.json()).toMatchObject({ sent: 2, alreadyReminded: 0 });
    await runMonthlyReminders(ctx.deps);
    const r2 = await finance.post('/api/dues/reminders', { orgId: tree.union.id, minMonths: 1 });
    expect(r2.json()).toMatchObject({ sent: 0, alreadyReminded: 2 });
    const mine = ctx.notifier.sent.filter((n) => n.template === 'dues_reminder');
    expect(mine).toHaveLength(2);
    expect(mine.find((n) => n.userId === memberUser.id)).toMatchObject({
      params: { months: 2, owed: '90.80' },
    });
  });

  it('collection dashboard per unit and month, with the members behind a figure', async () => {
    const r = await finance.get(`/api/dues/dashboard?orgId=${tree.union.id}&from=2026-01&to=2026-03`);
    expect(r.statusCode).toBe(200);
    const b1jan = r
      .json()
      .items.find(
        (x: { unitId: string; period: string }) => x.unitId === tree.branch1.id && x.period === '2026-01',
      );
    expect(b1jan.dueFen).toBeGreaterThan(0);
    expect(b1jan.paidFen).toBeLessThanOrEqual(b1jan.dueFen);
    const b2 = await branchOfficer.get(
      `/api/dues/dashboard?orgId=${tree.branch2.id}&from=2026-01&to=2026-03`,
    );
    expect(b2.json().items.every((x: { unitId: string }) => x.unitId !== tree.branch1.id)).toBe(true);
    const drill = await finance.get(`/api/dues/dashboard/members?orgId=${tree.branch1.id}&period=2026-01`);
    expect(drill.json().items.map((x: { memberId: string }) => x.memberId)).toContain(m.a);
    expect(
      (await branchOfficer.get(`/api/dues/dashboard/members?orgId=${tree.branch1.id}&period=2026-01`))
        .statusCode,
    ).toBe(404);
  });
});
