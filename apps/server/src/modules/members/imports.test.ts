import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { residentIdCheckChar } from './identity-docs.js';
import { runningImports } from './imports.service.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let chair: TestClient;
let b2: TestClient;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A distinct valid resident ID for every n below 18 million. */
const rid = (n: number) => {
  const birth = new Date(Date.UTC(1950, 0, 1) + (n % 18_000) * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
  const s = `110105${birth}${String(Math.floor(n / 18_000) % 1000).padStart(3, '0')}`;
  return s + residentIdCheckChar(s);
};
const HEADER = '姓名,性别,证件号码,手机号码,住址,工作单位,入会日期\r\n';
const line = (name: string, id: string, phone = '13800138000', join = '2021-03-01') =>
  `${name},,${id},${phone},广州市天河区示例路${name}号,第一机械厂,${join}\r\n`;

async function upload(
  client: TestClient,
  body: Buffer | string,
  mode: string,
  opts: { type?: string; org?: string } = {},
) {
  const res = await client.request(
    'POST',
    `/api/members/imports?orgId=${opts.org ?? tree.branch1.id}&mode=${mode}${mode === 'dry_run' ? '' : '&consentAttested=true'}`,
    Buffer.isBuffer(body) ? body : Buffer.from(body),
    { 'content-type': opts.type ?? 'text/csv', 'x-file-name': encodeURIComponent('会员名册.csv') },
  );
  if (res.statusCode !== 202) return { res, job: undefined };
  await runningImports.get(res.json().id);
  const job = (await client.get(`/api/members/imports/${res.json().id}`)).json();
  return { res, job };
}

const memberCount = async () =>
  Number(
    (
      await ctx.deps.db
        .selectFrom('members')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  ctx = await buildTestApp({ env: { UNIONHALL_DATA_DIR: `.tmp/test-data-members-${process.pid}` } });
  tree = await createTree(ctx);
  chair = await loginAs(ctx, await createUser(ctx, { username: 'chair', org: tree.union, roles: ['chair'] }));
  b2 = await loginAs(ctx, await createUser(ctx, { username: 'b2', org: tree.branch2, roles: ['chair'] }));
});
afterAll(() => ctx.close());

describe('member import', () => {
  const bad = rid(2).slice(0, 17) + (rid(2)[17] === '1' ? '2' : '1');
  const file =
    '\uFEFF' +
    HEADER +
    line('张一', rid(1)) +
    line('张二', bad) +
    line('张三', rid(3), '12345') +
    line('张四', rid(1)) +
    line('张五', rid(5), '13900139000', '44000') +
    line('张六', rid(6), '', '2021/13/01');

  it('dry-runs with a precise row report and stores nothing', async () => {
    const { job } = await upload(chair, file, 'dry_run');
    expect(job).toMatchObject({
      status: 'succeeded',
      encoding: 'utf-8',
      totalRows: 6,
      validRows: 2,
      errorRows: 4,
      createdRows: 0,
      committed: false,
    });
    expect(job.errors).toEqual([
      { rowNo: 3, column: 'idNumber', code: 'import.invalid_id_number', refRow: null },
      { rowNo: 4, column: 'phone', code: 'import.invalid_phone', refRow: null },
      { rowNo: 5, column: 'idNumber', code: 'import.duplicate_in_file', refRow: 2 },
      { rowNo: 7, column: 'joinDate', code: 'import.invalid_date', refRow: null },
    ]);
    expect(job.preview[1]).toMatchObject({
      rowNo: 6,
      name: '张五',
      joinDate: '2020-06-18',
      phoneMasked: '139****9000',
    });
    expect(job.fileName).toBe('会员名册.csv');
    expect(await memberCount()).toBe(0);
    const report = await chair.get(`/api/members/imports/${job.id}/report`);
    expect(report.headers['content-disposition']).toMatch(/^attachment/);
    expect(report.body).toContain('5,证件号码,import.duplicate_in_file,与文件中第 2 行证件号码重复');
    expect((await chair.get(`/api/members/imports/${job.id}/report?lang=en`)).body).toContain(
      'Row,Column,Code,Problem',
    );
  });

  it('imports nothing in all-or-nothing mode when a row fails, the valid rows otherwise, and nothing twice', async () => {
    let { job } = await upload(chair, file, 'all_or_nothing');
    expect(job).toMatchObject({ status: 'failed', errorCode: 'import.rows_invalid', createdRows: 0 });
    expect(await memberCount()).toBe(0);
    ({ job } = await upload(chair, file, 'valid_only'));
    expect(job).toMatchObject({ status: 'succeeded', committed: true, createdRows: 2, errorRows: 4 });
    expect(await memberCount()).toBe(2);
    ({ job } = await upload(chair, file, 'valid_only'));
    expect(job).toMatchObject({ status: 'succeeded', createdRows: 0, existingRows: 2 });
    expect(await memberCount()).toBe(2);
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'member.imported')
      .execute();
    expect(audit.map((a) => (a.details as { created_rows: number }).created_rows)).toEqual([2, 0]);
    const rows = await ctx.deps.db.selectFrom('members').selectAll().execute();
    const raw = rows
      .map(
        (r) =>
          JSON.stringify(r) +
          [r.id_number_enc, r.phone_enc, r.address_enc].map((b) => b?.toString('latin1')).join(),
      )
      .join();
    for (const plain of [rid(1), rid(5), '13800138000', '13900139000', '示例路'])
      expect(raw).not.toContain(plain);
    const events = await ctx.deps.db.selectFrom('member_events').select('action').execute();
    expect(events.map((e) => e.action)).toEqual(['imported', 'imported']);
  });

  it('reads GBK files as Excel in China writes them, and flags rows with broken bytes', async () => {
    const gbk = iconv.encode(HEADER + line('李雷', rid(11)) + line('韩梅梅', rid(12)), 'gbk');
    const { job } = await upload(chair, gbk, 'dry_run');
    expect(job).toMatchObject({ encoding: 'gb18030', validRows: 2, errorRows: 0 });
    expect(job.preview.map((p: { name: string }) => p.name)).toEqual(['李雷', '韩梅梅']);
    const utf8 = Buffer.from(HEADER + line('王一', rid(13)) + line('王二', rid(14)) + line('王三', rid(15)));
    const broken = Buffer.concat([
      utf8.subarray(0, utf8.indexOf('王二')),
      Buffer.from([0xff, 0xfe]),
      utf8.subarray(utf8.indexOf('王二') + 3),
    ]);
    const r = (await upload(chair, broken, 'dry_run')).job;
    expect(r).toMatchObject({ encoding: 'utf-8', validRows: 2, errorRows: 1 });
    expect(r.errors[0]).toMatchObject({ rowNo: 3, column: 'name', code: 'import.invalid_encoding' });
  });

  it('reports missing columns, refuses wrong content and sizes', async () => {
    const { job } = await upload(chair, '姓名,手机号码\r\n张三,13800138000\r\n', 'dry_run');
    expect(job).toMatchObject({ status: 'failed', errorCode: 'import.missing_columns' });
    expect(job.errorDetails.missing).toEqual(['idNumber']);
    expect((await upload(chair, file, 'dry_run', { type: XLSX })).res.statusCode).toBe(415);
    expect(
      (await upload(chair, Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0, 0]), 'dry_run')).res.statusCode,
    ).toBe(415);
    expect((await upload(chair, file, 'dry_run', { type: 'text/plain' })).res.statusCode).toBe(415);
    expect((await upload(chair, '', 'dry_run')).res.statusCode).toBe(400);
    expect((await upload(chair, Buffer.alloc(51 * 1024 * 1024, 0x41), 'dry_run')).res.statusCode).toBe(413);
    expect((await upload(chair, file, 'valid_only', { org: tree.root.id })).res.statusCode).toBe(404);
    const res = await chair.request(
      'POST',
      `/api/members/imports?orgId=${tree.branch1.id}&mode=valid_only`,
      Buffer.from(file),
      { 'content-type': 'text/csv' },
    );
    expect(res.json().code).toBe('member.consent_required');
  });

  it('reads XLSX with date cells, serial dates and ID numbers Excel turned into numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('会员');
    ws.addRow(['姓名', '证件号码', '入会日期', '学历']);
    ws.addRow(['赵一', rid(21), new Date(Date.UTC(2019, 4, 4)), '本科']);
    ws.addRow(['赵二', rid(22), 43000, '大专']);
    ws.addRow(['赵三', 110105196001010000, '2020-01-01', '硕士']);
    ws.addRow(['赵四', rid(24), '2020-01-01', '幼儿园']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const { job } = await upload(chair, buf, 'valid_only', { type: XLSX });
    expect(job).toMatchObject({ status: 'succeeded', encoding: 'xlsx', createdRows: 2, errorRows: 2 });
    expect(job.errors.map((e: { rowNo: number; code: string }) => [e.rowNo, e.code])).toEqual([
      [4, 'import.id_number_as_number'],
      [5, 'import.invalid_education'],
    ]);
    const list = (await chair.get('/api/members?q=赵')).json().items;
    expect(list.map((m: { joinDate: string }) => m.joinDate).sort()).toEqual(['2017-09-22', '2019-05-04']);
  });

  it('keeps import jobs in scope', async () => {
    const { job } = await upload(chair, file, 'dry_run');
    expect((await b2.get(`/api/members/imports/${job.id}`)).statusCode).toBe(404);
    expect((await b2.get(`/api/members/imports/${job.id}/report`)).statusCode).toBe(404);
    expect((await upload(b2, file, 'dry_run')).res.statusCode).toBe(404);
  });

  it('streams a 100,000-row file, losing nothing and naming every bad row', {
    timeout: 300_000,
  }, async () => {
    const badRows = new Set([1000, 25_000, 50_001, 99_999]);
    const parts: string[] = [HEADER];
    for (let i = 1; i <= 100_000; i++) {
      const id = rid(100_000 + i * 7);
      parts.push(
        line(
          `会员${i}`,
          badRows.has(i + 1) ? id.slice(0, 17) + (id[17] === '1' ? '2' : '1') : id,
          `139${String(i).padStart(8, '0')}`,
        ),
      );
    }
    const before = await memberCount();
    const t0 = Date.now();
    const { job } = await upload(chair, parts.join(''), 'valid_only', { org: tree.branch2.id });
    const ms = Date.now() - t0;
    console.log(`100k-row import: ${ms} ms (${Math.round(100_000 / (ms / 1000))} rows/s)`);
    expect(job).toMatchObject({
      status: 'succeeded',
      totalRows: 100_000,
      createdRows: 99_996 - job.existingRows,
      errorRows: 4,
    });
    expect(job.errors.map((e: { rowNo: number }) => e.rowNo)).toEqual([...badRows]);
    expect(await memberCount()).toBe(before + job.createdRows);
  });
});
