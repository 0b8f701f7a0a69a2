/**
 * Payroll deduction import: GBK CSV and XLSX (Excel date cells) are matched to the schedule, the
 * mismatch report names every problem, matched rows become 'payroll' payments, and importing the same
 * file again books nothing twice.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs } from '../../kernel/testing/fixtures.js';
import { insertMemberRow } from '../../kernel/testing/member-fixtures.js';
import { uniqueIp } from '../../kernel/testing/net.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { getMemberDues } from './index.js';
import { parsePeriodCell } from './payroll.parse.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let finance: TestClient;
let other: TestClient;
const ids: Record<'a' | 'b' | 'c' | 'd', string> = {} as never;
const no: Record<'a' | 'b' | 'c' | 'd', string> = {} as never;
const ID_D = '110105199003078877';
const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  ctx = await buildTestApp();
  ctx.clock.current = new Date('2026-02-20T08:00:00Z');
  tree = await createTree(ctx);
  finance = await loginAs(
    ctx,
    await createUser(ctx, { username: 'pay_fin', org: tree.union, roles: ['finance_officer'] }),
    uniqueIp(),
  );
  other = await loginAs(
    ctx,
    await createUser(ctx, { username: 'pay_b2', org: tree.branch2, roles: ['finance_officer'] }),
    uniqueIp(),
  );
  for (const k of ['a', 'b', 'c', 'd'] as const) {
    ids[k] = await insertMemberRow(ctx, { user: null, org: tree.branch1, union: tree.union });
    no[k] = `E${ids[k].slice(0, 8)}`;
  }
  await ctx.deps.db
    .updateTable('members')
    .set({ id_number_bidx: ctx.deps.cipher.blindIndex('members.id_number', `resident_id:${ID_D}`) })
    .where('id', '=', ids.d)
    .execute();
  await finance.post('/api/dues/rules', {
    unionId: tree.union.id,
    effectiveFrom: '2026-01-01',
    ratePercent: '0.5',
    roundingUnit: 10,
    roundingMode: 'half_up',
    minimumFen: 0,
    retainedPercent: 0,
  });
  for (const k of ['a', 'b', 'd'] as const) {
    await finance.post(`/api/dues/members/${ids[k]}/wages`, {
      effectiveFrom: '2026-01-01',
      wageFen: k === 'a' ? 654321 : 500000,
    });
  }
  for (const period of ['2026-01', '2026-02'])
    await finance.post('/api/dues/schedule', { unionId: tree.union.id, period });
});
afterAll(async () => ctx?.close());

const upload = (
  c: TestClient,
  body: Buffer,
  type: string,
  mode: 'dry_run' | 'apply',
  orgId = tree.union.id,
) =>
  c.request('POST', `/api/dues/payroll?orgId=${orgId}&mode=${mode}`, body, {
    'content-type': type,
    'x-file-name': encodeURIComponent('工资代扣.csv'),
  });

function gbkCsv(): Buffer {
  const lines = [
    '会员编号,证件号码,月份,金额',
    `${no.a},,2026-01,32.70`,
    `${no.a},,2026年2月,32.7`,
    `${no.b},,2026-01,24.00`,
    'E9999999,,2026-01,25.00',
    `${no.a},,2026/1,32.70`,
    `${no.b},,2026-05,25.00`,
    `,${ID_D},202601,25`,
    `${no.c},,2026-01,25.00`,
    `${no.a},,不是月份,1`,
  ];
  return iconv.encode(`${lines.join('\r\n')}\r\n`, 'gbk');
}

describe('payroll import', () => {
  it('parses months in the usual spellings', () => {
    expect(parsePeriodCell('2026-01')).toBe('2026-01');
    expect(parsePeriodCell('2026年3月')).toBe('2026-03');
    expect(parsePeriodCell('2026/3/1')).toBe('2026-03');
    expect(parsePeriodCell(202612)).toBe('2026-12');
    expect(parsePeriodCell(46023)).toBe('2026-01'); // Excel serial of 2026-01-01
    expect(parsePeriodCell(new Date('2026-04-01T00:00:00Z'))).toBe('2026-04');
    expect(parsePeriodCell('2026-13')).toBeNull();
  });

  it('dry run reports every mismatch and books nothing', async () => {
    const r = await upload(finance, gbkCsv(), CSV, 'dry_run');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.summary).toMatchObject({ rows: 9, matched: 3, matchedFen: 3270 + 3270 + 2500, booked: 0 });
    const problems = body.report.map((x: { rowNo: number; problem: string }) => `${x.rowNo}:${x.problem}`);
    expect(problems).toEqual([
      '4:wrong_amount',
      '5:unknown_member',
      '6:duplicate_in_file',
      '7:period_not_scheduled',
      '9:period_not_scheduled', // member c has no wage, so no schedule
      '10:invalid_row',
    ]);
    expect(body.report[0]).toMatchObject({ dueFen: 2500, amountFen: 2400 });
    expect((await getMemberDues(ctx.deps.db, ids.a)).balanceFen).toBe(3270 * 2);
  });

  it('apply books the matched rows once; re-import is idempotent', async () => {
    const r = await upload(finance, gbkCsv(), CSV, 'apply');
    expect(r.json().summary).toMatchObject({ matched: 3, booked: 3 });
    expect((await getMemberDues(ctx.deps.db, ids.a)).balanceFen).toBe(0);
    expect((await getMemberDues(ctx.deps.db, ids.d)).periods[0]).toEqual({
      period: '2026-01',
      dueFen: 2500,
      paidFen: 2500,
    });
    const again = await upload(finance, gbkCsv(), CSV, 'apply');
    expect(again.json().summary).toMatchObject({ matched: 0, booked: 0, alreadyApplied: 3 });
    expect((await getMemberDues(ctx.deps.db, ids.a)).balanceFen).toBe(0);
    const sources = await ctx.deps.db
      .selectFrom('dues_ledger')
      .select('source')
      .where('kind', '=', 'payment')
      .execute();
    expect(sources.map((s) => s.source)).toEqual(['payroll', 'payroll', 'payroll']);
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'dues.payroll%')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'dues.payroll_checked',
      'dues.payroll_applied',
      'dues.payroll_applied',
    ]);
    // the report downloads as CSV; branch 2's officer cannot see it
    const rep = await finance.get(`/api/dues/payroll/${r.json().id}/report?lang=zh-CN`);
    expect(rep.headers['content-type']).toContain('text/csv');
    expect(rep.body).toContain('找不到会员');
    expect((await other.get(`/api/dues/payroll/${r.json().id}`)).statusCode).toBe(404);
    expect((await other.get(`/api/dues/payroll/${r.json().id}/report`)).statusCode).toBe(404);
    expect((await upload(other, gbkCsv(), CSV, 'dry_run')).statusCode).toBe(404);
  });

  it('reads XLSX with date cells and refuses files without the needed columns', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('代扣');
    ws.addRow(['Membership number', 'Month', 'Amount (fen)']);
    ws.addRow([no.b, new Date(Date.UTC(2026, 1, 1)), 2500]);
    ws.addRow([no.b, new Date(Date.UTC(2026, 0, 1)), 2499]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await upload(finance, buf, XLSX, 'apply');
    expect(r.statusCode).toBe(200);
    expect(r.json().summary).toMatchObject({ rows: 2, booked: 1 });
    expect(r.json().report.map((x: { problem: string }) => x.problem)).toEqual(['wrong_amount']);
    const bad = await upload(finance, Buffer.from('name,amount\r\nx,1\r\n'), CSV, 'dry_run');
    expect(bad.json().code).toBe('dues.missing_columns');
    expect((await upload(finance, Buffer.from('a'), 'application/pdf', 'dry_run')).statusCode).toBe(415);
  });
});
