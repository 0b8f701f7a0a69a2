/**
 * The COPY/staging load path of the import job: the import's sealer writes exactly FieldCipher's
 * format, text with tabs, newlines and backslashes survives COPY, the temporary stage never outlives
 * its transaction (success, failed row, killed connection), a job killed mid-load leaves nothing and
 * its re-run creates everything, and two imports running at once into one union never duplicate a
 * person.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createOrg, createTree, createUser, loginAs } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { importMembersFromFile } from './cli-import.js';
import { residentIdCheckChar } from './identity-docs.js';
import { importSealer } from './import/seal.js';
import { runningImports } from './imports.service.js';
import { COL } from './members.pii.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let chair: TestClient;
let other: TestClient;
let otherUnionId: string;
const dir = mkdtempSync(path.join(tmpdir(), 'uh-members-staging-'));

const rid = (n: number) => {
  const birth = new Date(Date.UTC(1962, 0, 1) + (n % 15_000) * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
  const s = `440305${birth}${String(Math.floor(n / 15_000) % 1000).padStart(3, '0')}`;
  return s + residentIdCheckChar(s);
};
const HEADER = '姓名,证件号码,手机号码,住址,工作单位\n';
const row = (i: number) =>
  `司马${'春夏秋冬'[i % 4]}${i},${rid(i)},137${String(i).padStart(8, '0')},深圳市福田区${i}号,第${i % 7}电子厂\n`;
const file = (from: number, to: number) => {
  let s = HEADER;
  for (let i = from; i <= to; i++) s += row(i);
  return s;
};

async function upload(client: TestClient, body: string, orgId: string) {
  const res = await client.request(
    'POST',
    `/api/members/imports?orgId=${orgId}&mode=valid_only&consentAttested=true`,
    Buffer.from(body),
    { 'content-type': 'text/csv' },
  );
  expect(res.statusCode).toBe(202);
  return res.json().id as string;
}
const finished = async (client: TestClient, id: string) => {
  await runningImports.get(id);
  return (await client.get(`/api/members/imports/${id}`)).json();
};

const stages = async () =>
  Number(
    (
      await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM pg_class WHERE relname = 'member_import_stage'`.execute(ctx.deps.db)
    ).rows[0]!.n,
  );
const members = async () =>
  Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM members`.execute(ctx.deps.db)).rows[0]!.n);

beforeAll(async () => {
  ctx = await buildTestApp({ env: { UNIONHALL_DATA_DIR: `.tmp/test-data-members-stage-${process.pid}` } });
  tree = await createTree(ctx);
  const otherUnion = await createOrg(ctx, '第三电子厂工会', 'grassroots', tree.root);
  otherUnionId = otherUnion.id;
  chair = await loginAs(ctx, await createUser(ctx, { username: 'chair', org: tree.union, roles: ['chair'] }));
  other = await loginAs(ctx, await createUser(ctx, { username: 'other', org: otherUnion, roles: ['chair'] }));
});
afterAll(() => ctx.close());

describe('member import, staging path', () => {
  it('seals exactly as FieldCipher does: its ciphertexts decrypt, its blind indexes match', async () => {
    const seal = importSealer(ctx.deps.ring);
    for (let i = 0; i < 5000; i++) {
      // more values than one IV pool holds
      const blob = seal.encrypt(COL.phone, `1370000${i}`);
      if (i % 997 === 0) expect(await ctx.deps.cipher.decrypt(COL.phone, blob)).toBe(`1370000${i}`);
    }
    const blob = seal.encrypt(COL.address, '深圳市\t福田区 ✓');
    expect(await ctx.deps.cipher.decrypt(COL.address, blob)).toBe('深圳市\t福田区 ✓');
    await expect(ctx.deps.cipher.decrypt(COL.phone, blob)).rejects.toThrow();
    expect(seal.blindIndex(COL.idNumber, 'resident_id:X')).toBe(
      ctx.deps.cipher.blindIndex(COL.idNumber, 'resident_id:X'),
    );
  });

  it('keeps tabs, line breaks and backslashes through COPY and drops the stage after the load', async () => {
    const id = await upload(
      chair,
      `${HEADER}"司马\\光",${rid(90_001)},,"深圳市\\n福田区","第一\t电子厂\n二分厂"\n`,
      tree.branch1.id,
    );
    expect(await finished(chair, id)).toMatchObject({ status: 'succeeded', createdRows: 1 });
    const m = await ctx.deps.db
      .selectFrom('members')
      .select(['name', 'employer', 'address_enc'])
      .where('import_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(m).toMatchObject({ name: '司马\\光', employer: '第一\t电子厂\n二分厂' });
    expect(await ctx.deps.cipher.decrypt(COL.address, m.address_enc!)).toBe('深圳市\\n福田区');
    expect(await stages()).toBe(0);
  });

  it('rolls a job killed mid-load back completely; running it again creates every member', {
    timeout: 120_000,
  }, async () => {
    const before = await members();
    const csv = path.join(dir, 'crash.csv');
    writeFileSync(csv, file(1, 9_000));
    let kill: Promise<{ rows: unknown[] }> | undefined;
    const job = await importMembersFromFile(ctx.deps, {
      file: csv,
      orgId: tree.branch1.id,
      mode: 'valid_only',
      audit: {},
      onProgress: (p) => {
        // after the first batch is in: end the load transaction's backend, as a crash would
        if (!kill && (p.created_rows ?? 0) > 0)
          kill = sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                     WHERE datname = current_database() AND pid <> pg_backend_pid()
                       AND backend_xid IS NOT NULL
                       AND (query LIKE '%member_import_stage%' OR query LIKE '%member_settings%')`.execute(
            ctx.deps.db,
          );
      },
    });
    expect((await kill)?.rows).toHaveLength(1);
    expect(job).toMatchObject({ status: 'failed', committed: false, createdRows: 0 });
    expect(await members()).toBe(before);
    expect(await stages()).toBe(0);
    const again = await importMembersFromFile(ctx.deps, {
      file: csv,
      orgId: tree.branch1.id,
      mode: 'valid_only',
      audit: {},
    });
    expect(again).toMatchObject({ status: 'succeeded', createdRows: 9_000, existingRows: 0 });
    expect(await members()).toBe(before + 9_000);
    const third = await importMembersFromFile(ctx.deps, {
      file: csv,
      orgId: tree.branch1.id,
      mode: 'valid_only',
      audit: {},
    });
    expect(third).toMatchObject({ status: 'succeeded', createdRows: 0, existingRows: 9_000 });
  });

  it('never duplicates a person when two imports into one union, or into two unions, run at once', {
    timeout: 120_000,
  }, async () => {
    const before = await members();
    // 20,001-24,000 and 22,001-26,000 overlap by 2,000 rows, uploaded together into one union
    const [a, b] = await Promise.all([
      upload(chair, file(20_001, 24_000), tree.branch1.id),
      upload(chair, file(22_001, 26_000), tree.branch2.id),
    ]);
    const [ja, jb] = [await finished(chair, a), await finished(chair, b)];
    expect(ja.status).toBe('succeeded');
    expect(jb.status).toBe('succeeded');
    expect(ja.createdRows + jb.createdRows).toBe(6_000);
    expect(ja.existingRows + jb.existingRows).toBe(2_000);
    expect(ja.errorRows + jb.errorRows).toBe(0);
    expect(await members()).toBe(before + 6_000);
    // the same people into another union at the same time: each person is registered once
    const [c, d] = await Promise.all([
      upload(chair, file(30_001, 33_000), tree.branch1.id),
      upload(other, file(31_001, 34_000), otherUnionId),
    ]);
    const [jc, jd] = [await finished(chair, c), await finished(other, d)];
    expect(jc.createdRows + jd.createdRows).toBe(4_000);
    expect(jc.errorRows + jd.errorRows).toBe(2_000);
    const dup = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (SELECT id_number_bidx FROM members GROUP BY 1 HAVING count(*) > 1) x`.execute(
      ctx.deps.db,
    );
    expect(dup.rows[0]!.n).toBe(0);
    expect(await members()).toBe(before + 10_000);
    expect(await stages()).toBe(0);
  });
});
