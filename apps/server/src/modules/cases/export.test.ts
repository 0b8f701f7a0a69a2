/**
 * Department snapshot and case export: a case keeps the member's department at filing (an anonymous
 * one only in a department of five or more); hotspots group by department; the CSV and XLSX exports
 * hold exactly the cases the caller may list with the filters, mask named submitters, never show an
 * anonymous one, and are audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { uniqueIp } from '../../kernel/testing/net.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { BUILTIN_CASE_TYPES } from './case-types.js';
import { loadExcel } from '../../kernel/export/tabular.js';
import { bulkMembers, fileCase, makeMember } from './case-fixtures.test.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let chair: TestClient;
let branchChair: TestClient;
let m1: TestUser;
let m2: TestUser;
let m1MemberId: string;
const ids: Record<string, string> = {};

const department = async (id: string) =>
  (await ctx.deps.db.selectFrom('cases').select('department').where('id', '=', id).executeTakeFirstOrThrow())
    .department;

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
  m1 = await createUser(ctx, { username: 'export_member_one', org: tree.branch1 });
  m2 = await createUser(ctx, { username: 'export_member_two', org: tree.branch2 });
  m1MemberId = await makeMember(ctx, m1, tree.branch1, tree.union);
  const m2MemberId = await makeMember(ctx, m2, tree.branch2, tree.union);
  await bulkMembers(ctx, tree.branch1, tree.union, 6);
  await ctx.deps.db
    .updateTable('members')
    .set({ department: '冲压车间' })
    .where('org_id', '=', tree.branch1.id)
    .execute();
  await ctx.deps.db
    .updateTable('members')
    .set({ department: '小班组' })
    .where('id', '=', m2MemberId)
    .execute();
  const c1 = await loginAs(ctx, m1, uniqueIp());
  const c2 = await loginAs(ctx, m2, uniqueIp());
  ids.named1 = await fileCase(c1, { title: '=HYPERLINK("x")' });
  ids.anon1 = await fileCase(c1, { title: '匿名一车间', anonymous: true });
  ids.anon2 = await fileCase(c2, { title: '匿名二车间', anonymous: true });
  ids.named2 = await fileCase(c2, {
    typeKey: 'demand',
    title: '二车间诉求',
    fields: { description: '食堂' },
  });
  chair = await loginAs(
    ctx,
    await createUser(ctx, { username: 'export_chair', org: tree.union, roles: ['chair'] }),
    uniqueIp(),
  );
  branchChair = await loginAs(
    ctx,
    await createUser(ctx, { username: 'export_b1', org: tree.branch1, roles: ['chair'] }),
    uniqueIp(),
  );
});
afterAll(() => ctx.close());

describe('department dimension', () => {
  it('snapshots the department; an anonymous case keeps it only in a department of five or more', async () => {
    expect(await department(ids.named1!)).toBe('冲压车间');
    expect(await department(ids.anon1!)).toBe('冲压车间');
    expect(await department(ids.anon2!)).toBeNull();
    expect(await department(ids.named2!)).toBe('小班组');
  });

  it('groups hotspots by department and drills down to the cases', async () => {
    const res = await chair.get('/api/cases/analytics/hotspots?dimension=department');
    expect(res.statusCode, res.body).toBe(200);
    const item = res.json().items.find((i: { key: string }) => i.key === '冲压车间');
    expect(item).toMatchObject({ count: 2, members: 7 });
    expect(item.explanation.zh).toContain('冲压车间');
    const drill = await chair.get(`/api/cases?${new URLSearchParams(item.drill)}`);
    expect(drill.json().total).toBe(2);
  });
});

describe('export', () => {
  it('streams a CSV of the cases in scope with masked submitters, and audits it', async () => {
    const res = await chair.get('/api/cases/export?format=csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="cases-\d{8}\.csv"$/);
    const body = res.body;
    expect(body.startsWith('\uFEFF')).toBe(true);
    const lines = body.trim().split('\r\n');
    expect(lines).toHaveLength(5);
    // formula injection defused
    expect(body).toContain(`"'=HYPERLINK(""x"")"`);
    // the named submitter masked, the anonymous ones never (not even masked)
    expect(body).toContain('e****************');
    for (const secret of [m1.username, m2.username, m1.id, m2.id, m1MemberId])
      expect(body).not.toContain(secret);
    const anonLine = lines.find((l) => l.includes('匿名二车间'))!;
    expect(anonLine).toContain('是 yes');
    expect(anonLine.split(',')[14]).toBe('');
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'case.exported')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ format: 'csv', rows: 4 });
  });

  it('applies the filters and the caller scope; XLSX holds the same rows', async () => {
    const mine = await branchChair.get('/api/cases/export?format=csv');
    expect(mine.body).toContain('匿名一车间');
    expect(mine.body).not.toContain('匿名二车间');
    expect(mine.body).not.toContain('二车间诉求');
    const filtered = await chair.get('/api/cases/export?format=csv&typeKey=demand');
    expect(filtered.body.trim().split('\r\n')).toHaveLength(2);
    const x = await chair.get('/api/cases/export?format=xlsx&typeKey=injury');
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = await loadExcel();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(4);
    expect(JSON.stringify(ws.getSheetValues())).not.toContain(m2.username);
    expect((await chair.get('/api/cases/export?format=pdf')).statusCode).toBe(400);
  });
});

describe('queue pagination', () => {
  it('walks the queue by keyset cursor, same order as by page, and refuses a forged cursor', async () => {
    const byPage = (await chair.get('/api/cases?pageSize=50')).json();
    expect(byPage).toMatchObject({ total: 4, totalCapped: false, nextCursor: null });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const qs: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = (await chair.get(`/api/cases?pageSize=1${qs}`)).json();
      seen.push(...page.items.map((i: { id: string }) => i.id));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual(byPage.items.map((i: { id: string }) => i.id));
    const forged = Buffer.from(JSON.stringify(["2026-01-01' OR 1=1", 'x'])).toString('base64url');
    const impossible = Buffer.from(
      JSON.stringify(['2026-02-30 05:01:02+00', '0b7d3c1e-8d6f-4d3a-9a0e-3c9f1f7a2b11']),
    ).toString('base64url');
    for (const c of [forged, impossible, 'x']) {
      const bad = await chair.get(`/api/cases?cursor=${c}`);
      expect(bad.statusCode, c).toBe(400);
    }
  });
});

describe('case types for the officer editor', () => {
  it('carry workflow and SLA, and a union field keeps its display labels', async () => {
    const demand = structuredClone(BUILTIN_CASE_TYPES.find((t) => t.key === 'demand')!);
    demand.fields.push({
      key: 'shift_pattern',
      kind: 'choice',
      options: ['night', 'day'],
      label: { zh: '班次', en: 'Shift' },
      optionLabels: { night: { zh: '夜班', en: 'Night' } },
    });
    const put = await chair.request('PUT', `/api/cases/types/${tree.union.id}/demand`, {
      definition: demand,
    });
    expect(put.statusCode, put.body).toBe(200);
    const items = (await chair.get(`/api/cases/types/${tree.union.id}`)).json().items;
    const saved = items.find((t: { key: string }) => t.key === 'demand');
    expect(saved.workflow.initial).toBe('submitted');
    expect(saved.sla.firstResponseHours).toBe(demand.sla.firstResponseHours);
    expect(saved.fields.at(-1)).toMatchObject({
      label: { zh: '班次' },
      optionLabels: { night: { en: 'Night' } },
    });
    // members see the labels but not the workflow
    const member = (await (await loginAs(ctx, m1, uniqueIp())).get('/api/my/case-types')).json().items;
    const mine = member.find((t: { key: string }) => t.key === 'demand');
    expect(mine.fields.at(-1).label.zh).toBe('班次');
    expect(mine.workflow).toBeUndefined();
  });
});
