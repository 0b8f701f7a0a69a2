/**
 * The bulk insert path of the import job: columns exactly as a member entered by hand gets them
 * (ciphertexts, blind indexes, name keys), consecutive member numbers across batches, one history
 * event and one consent per member, all-or-nothing across several batches, a document number held by
 * another union, and an audit chain that still verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../kernel/audit/audit.js';
import type { TestClient } from '../../kernel/testing/client.js';
import { createOrg, createTree, createUser, loginAs } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { residentIdCheckChar } from './identity-docs.js';
import { runningImports } from './imports.service.js';
import { COL, cleanPerson } from './members.pii.js';
import { personColumns } from './members.service.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let chair: TestClient;
let other: TestClient;
let otherUnionId: string;

const rid = (n: number) => {
  const birth = new Date(Date.UTC(1955, 0, 1) + (n % 18_000) * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
  const s = `310104${birth}${String(Math.floor(n / 18_000) % 1000).padStart(3, '0')}`;
  return s + residentIdCheckChar(s);
};
const HEADER = '姓名,证件号码,手机号码,住址,工作单位,部门,学历,入会日期\n';
const row = (i: number, id = rid(i)) =>
  `欧阳${'明华秀英'[i % 4]}${i},${id},139${String(i).padStart(8, '0')},上海市徐汇区示例路${i}号,第${i % 3}纺织厂,${(i % 5) + 1}车间,本科,2022-0${(i % 9) + 1}-15\n`;
const broken = (id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');

async function upload(client: TestClient, body: string, mode: string, orgId: string) {
  const res = await client.request(
    'POST',
    `/api/members/imports?orgId=${orgId}&mode=${mode}&consentAttested=true`,
    Buffer.from(body),
    { 'content-type': 'text/csv' },
  );
  expect(res.statusCode).toBe(202);
  await runningImports.get(res.json().id);
  return (await client.get(`/api/members/imports/${res.json().id}`)).json();
}

const count = async (table: 'members' | 'member_events' | 'member_consents') =>
  Number(
    (
      await ctx.deps.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  ctx = await buildTestApp({ env: { UNIONHALL_DATA_DIR: `.tmp/test-data-members-bulk-${process.pid}` } });
  tree = await createTree(ctx);
  const otherUnion = await createOrg(ctx, '第二纺织厂工会', 'grassroots', tree.root);
  otherUnionId = otherUnion.id;
  chair = await loginAs(ctx, await createUser(ctx, { username: 'chair', org: tree.union, roles: ['chair'] }));
  other = await loginAs(ctx, await createUser(ctx, { username: 'other', org: otherUnion, roles: ['chair'] }));
});
afterAll(() => ctx.close());

describe('member import, bulk path', () => {
  const N = 4_500; // more than two batches
  const rows = Array.from({ length: N }, (_, k) => row(k + 1));

  it('rolls back every batch in all-or-nothing mode when the last row fails', {
    timeout: 120_000,
  }, async () => {
    const file = HEADER + rows.slice(0, -1).join('') + row(N, broken(rid(N)));
    const job = await upload(chair, file, 'all_or_nothing', tree.branch1.id);
    expect(job).toMatchObject({ status: 'failed', errorCode: 'import.rows_invalid', createdRows: 0 });
    expect(job.errors).toEqual([
      { rowNo: N + 1, column: 'idNumber', code: 'import.invalid_id_number', refRow: null },
    ]);
    expect(await count('members')).toBe(0);
    expect(await count('member_events')).toBe(0);
    expect(await count('member_consents')).toBe(0);
  });

  it('inserts members as a hand-entered member would be stored, numbered, with history and consent', {
    timeout: 120_000,
  }, async () => {
    const job = await upload(chair, HEADER + rows.join(''), 'valid_only', tree.branch1.id);
    expect(job).toMatchObject({ status: 'succeeded', committed: true, createdRows: N, errorRows: 0 });
    const members = await ctx.deps.db
      .selectFrom('members')
      .selectAll()
      .select((eb) => [
        eb.fn<string>('to_char', [eb.ref('join_date'), eb.val('YYYY-MM-DD')]).as('join_text'),
        eb.fn<string>('to_char', [eb.ref('birth_date'), eb.val('YYYY-MM-DD')]).as('birth_text'),
      ])
      .orderBy('member_no')
      .execute();
    expect(members).toHaveLength(N);
    // consecutive, unique numbers across batches
    const nos = members.map((m) => m.member_no);
    expect(new Set(nos).size).toBe(N);
    for (const k of [7, 2_222, 4_499]) {
      const m = members.find((x) => x.name === `欧阳${'明华秀英'[k % 4]}${k}`)!;
      const p = cleanPerson(
        {
          name: m.name,
          idType: 'resident_id',
          idNumber: rid(k),
          phone: `139${String(k).padStart(8, '0')}`,
          address: `上海市徐汇区示例路${k}号`,
        },
        undefined,
        new Date(),
      );
      const expected = personColumns(ctx.deps, p, 'resident_id');
      expect(m).toMatchObject({
        union_id: tree.union.id,
        org_id: tree.branch1.id,
        status: 'active',
        id_type: 'resident_id',
        gender: p.gender,
        name_initials: expected.name_initials,
        name_pinyin: expected.name_pinyin,
        name_grams: expected.name_grams,
        id_number_bidx: expected.id_number_bidx,
        phone_bidx: expected.phone_bidx,
        employer: `第${k % 3}纺织厂`,
        department: `${(k % 5) + 1}车间`,
        education: 'bachelor',
        join_text: `2022-0${(k % 9) + 1}-15`,
        birth_text: p.birthDate,
        import_id: job.id,
      });
      expect(await ctx.deps.cipher.decrypt(COL.idNumber, m.id_number_enc!)).toBe(rid(k));
      expect(await ctx.deps.cipher.decrypt(COL.phone, m.phone_enc!)).toBe(`139${String(k).padStart(8, '0')}`);
      expect(await ctx.deps.cipher.decrypt(COL.address, m.address_enc!)).toBe(`上海市徐汇区示例路${k}号`);
    }
    // the list finds them by name fragment, pinyin initials and exact phone (blind index)
    const byName = (await chair.get(`/api/members?q=${encodeURIComponent('欧阳秀2222')}`)).json();
    expect(byName.items.map((i: { name: string }) => i.name)).toContain('欧阳秀2222');
    const byPhone = (await chair.get('/api/members?q=13900002222')).json();
    expect(byPhone.items).toHaveLength(1);
    const events = await ctx.deps.db.selectFrom('member_events').selectAll().execute();
    expect(events).toHaveLength(N);
    expect(events.every((e) => e.action === 'imported' && e.to_status === 'active')).toBe(true);
    expect(events[0]!.details).toEqual({ importId: job.id });
    const consents = await ctx.deps.db.selectFrom('member_consents').selectAll().execute();
    expect(consents).toHaveLength(N);
    expect(new Set(consents.map((c) => c.member_id)).size).toBe(N);
    expect(consents.every((c) => c.purpose === 'sensitive_pi' && c.source === 'import_attested')).toBe(true);
  });

  it('counts rows already held as existing, flags those held by another union, and keeps the audit chain', {
    timeout: 120_000,
  }, async () => {
    const again = await upload(chair, HEADER + rows.join(''), 'valid_only', tree.branch2.id);
    expect(again).toMatchObject({ status: 'succeeded', createdRows: 0, existingRows: N });
    const elsewhere = await upload(
      other,
      HEADER + row(3) + row(N + 1) + row(2_500),
      'valid_only',
      otherUnionId,
    );
    expect(elsewhere).toMatchObject({ status: 'succeeded', createdRows: 1, errorRows: 2 });
    expect(elsewhere.errors).toEqual([
      { rowNo: 2, column: 'idNumber', code: 'import.duplicate_in_registry', refRow: null },
      { rowNo: 4, column: 'idNumber', code: 'import.duplicate_in_registry', refRow: null },
    ]);
    expect(await count('members')).toBe(N + 1);
    const audits = await ctx.deps.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'member.imported')
      .execute();
    expect(audits.map((a) => (a.details as { created_rows: number }).created_rows)).toEqual([N, 0, 1]);
    expect(await verifyAuditChain(ctx.deps.db)).toMatchObject({ ok: true });
  });
});
