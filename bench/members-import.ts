/**
 * Member import throughput benchmark (not run in CI). In one run, on this machine:
 *   (a) a generated CSV of BENCH_MEMBERS (default 200,000) members: Chinese names, resident IDs with
 *       valid GB 11643 check characters, mobile phones, addresses, employers, join dates;
 *   (b) baseline: a plain PostgreSQL COPY of the same file into an unindexed table;
 *   (c) the real import path (the job the upload API and the CLI run: importMembersFromFile →
 *       runImport, mode valid_only: validation, pinyin, encryption, blind indexes, history, consents,
 *       audit), with this process's peak RSS (VmHWM) before and after it;
 *   (d) an idempotent re-import of the same file (everything counted as existing, nothing created);
 *   (e) the ceiling of ANY import design on this machine: the CPU time of the sealing alone (3 AES-256-GCM
 *       encryptions and 2 HMAC-SHA256 blind indexes per member, the import's own sealer; and, for
 *       comparison, one AES-GCM envelope per member) plus the CPU time of storing the file's eight columns,
 *       already sealed, with a COPY like the baseline's into an unindexed table, spread over every core with nothing else
 *       (no parsing, validation, indexes, history or consents). If that ceiling's ratio is below 0.2, no
 *       import that encrypts and blind-indexes these fields can reach 0.2 here.
 * Prints both rates and the ratio (goal >= 0.2, peak RSS < 500 MB), then the ceiling.
 *
 *   npx tsx --conditions=source bench/members-import.ts
 *   BENCH_MEMBERS=20000 npx tsx --conditions=source bench/members-import.ts
 *   node --cpu-prof --import tsx --conditions=source bench/members-import.ts   where Node's time goes
 *   BENCH_WITHOUT_FK_CHECKS=1 …  DIAGNOSTIC ONLY, not a result: disables the triggers of members,
 *     member_events and member_consents (their foreign-key checks; needs a superuser) for the import,
 *     to show what the six per-member FK checks cost PostgreSQL
 */
import { once } from 'node:events';
import {
  chmodSync,
  createWriteStream,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { FieldCipher } from '../apps/server/src/kernel/crypto/field.js';
import { KeyRing } from '../apps/server/src/kernel/crypto/keyring.js';
import { migrateToLatest } from '../apps/server/src/kernel/db/migrate.js';
import { createDatabase } from '../apps/server/src/kernel/db/pool.js';
import type { Deps } from '../apps/server/src/kernel/deps.js';
import { startTestPostgres } from '../apps/server/src/kernel/testing/embedded-test-server.js';
import { adminUrl, withDatabase } from '../apps/server/src/kernel/testing/urls.js';
import { syncBuiltinRoles } from '../apps/server/src/modules/identity/index.js';
import { importMembersFromFile } from '../apps/server/src/modules/members/cli-import.js';
import { importSealer } from '../apps/server/src/modules/members/import/seal.js';
import { COL } from '../apps/server/src/modules/members/members.pii.js';
import { createOrgUnchecked } from '../apps/server/src/modules/orgs/index.js';

const N = Number(process.env.BENCH_MEMBERS ?? 200_000);
const say = (m: string) => process.stdout.write(`[members-import] ${m}\n`);
const secs = (t: number) => (performance.now() - t) / 1000;
/** CPU seconds (user + system) of a process. */
function cpuOf(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}
/** CPU seconds of this process plus the PostgreSQL cluster (postmaster and its children). */
function cpuSeconds(postmaster: number): { node: number; pg: number } {
  let pg = cpuOf(postmaster);
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      if (ppid === postmaster) pg += cpuOf(Number(d));
    } catch {
      // gone
    }
  }
  const u = process.cpuUsage();
  return { node: (u.user + u.system) / 1e6, pg };
}
const peakRssMb = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志海波宁浩然子轩梓涵一诺欣怡思远晨曦雨泽';
const EMPLOYERS = ['第一机械厂', '第二纺织厂', '城市公交集团', '人民医院', '实验中学', '电力公司'];
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const check = (s: string) => '10X98765432'[[...s].reduce((a, d, i) => a + Number(d) * WEIGHTS[i]!, 0) % 11];
let seed = 42;
const rnd = (n: number) => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return (seed >>> 8) % n;
};

async function writeCsv(file: string) {
  const out = createWriteStream(file);
  out.write('姓名,证件号码,手机号码,住址,工作单位,部门,学历,入会日期\n');
  for (let i = 0; i < N; i++) {
    const name =
      SURNAMES[rnd(SURNAMES.length)]! + GIVEN[rnd(GIVEN.length)] + (rnd(2) ? GIVEN[rnd(GIVEN.length)] : '');
    const birth = new Date(Date.UTC(1960, 0, 1) + (i % 16_000) * 86_400_000)
      .toISOString()
      .slice(0, 10)
      .replace(/-/g, '');
    const first17 = `110105${birth}${String(Math.floor(i / 16_000)).padStart(3, '0')}`;
    const join = new Date(Date.UTC(2000, 0, 1) + rnd(9000) * 86_400_000).toISOString().slice(0, 10);
    const line = `${name},${first17}${check(first17)},13${String(100_000_000 + i).slice(0, 9)},某市某区幸福路${i}号,${EMPLOYERS[rnd(EMPLOYERS.length)]},${rnd(30) + 1}车间,本科,${join}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'unionhall-import-bench-'));
chmodSync(tmp, 0o755); // the embedded PostgreSQL may run as another user and reads the COPY file
const csvFile = path.join(tmp, 'members.csv');
const server = process.env.DATABASE_URL ? null : await startTestPostgres();
const base = process.env.DATABASE_URL ?? server!.url;
const name = `uh_bench_import_${process.pid}`;
const admin = createDatabase(adminUrl(base), 2);
await admin.pool.query(`CREATE DATABASE ${name}`);
const { db, pool } = createDatabase(withDatabase(adminUrl(base), name), 4);
try {
  say(
    `${os.cpus().length} CPUs (shared with other work), load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${N.toLocaleString('en')} rows`,
  );
  await migrateToLatest(db);
  await syncBuiltinRoles(db);
  const ring = await KeyRing.open(db, { current: Buffer.alloc(32, 7), currentId: 'bench', previous: [] });
  const cipher = new FieldCipher(ring);
  const union = await db.transaction().execute(async (trx) => {
    const root = await createOrgUnchecked(trx, {
      parent: null,
      name: '基准市总',
      kind: 'federation',
      actorId: null,
    });
    return createOrgUnchecked(trx, { parent: root, name: '基准工会', kind: 'grassroots', actorId: null });
  });
  let t = performance.now();
  await writeCsv(csvFile);
  chmodSync(csvFile, 0o644);
  say(`CSV ${(statSync(csvFile).size / 1e6).toFixed(1)} MB written in ${secs(t).toFixed(1)} s`);

  // (b) baseline: a plain COPY of the same rows into an unindexed table
  await sql`CREATE TABLE bench_copy (name text, id_number text, phone text, address text, employer text, department text, education text, join_date text)`.execute(
    db,
  );
  const dataDir = (await sql<{ d: string }>`SELECT current_setting('data_directory') AS d`.execute(db))
    .rows[0]!.d;
  const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let cpu0 = cpuSeconds(postmaster);
  t = performance.now();
  await pool.query(`COPY bench_copy FROM '${csvFile.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)`);
  const copyS = secs(t);
  let cpu1 = cpuSeconds(postmaster);
  const copyCpu = cpu1.node - cpu0.node + cpu1.pg - cpu0.pg;
  await sql`DROP TABLE bench_copy`.execute(db);

  // (c) the real import job, as the CLI and the upload API run it
  const deps = {
    db,
    pool,
    cipher,
    ring,
    clock: { now: () => new Date() },
    config: { dataDir: tmp },
  } as unknown as Deps;
  const withoutFk = process.env.BENCH_WITHOUT_FK_CHECKS === '1';
  if (withoutFk) {
    say('DIAGNOSTIC: foreign-key triggers disabled for the import; the ratio below is NOT a result');
    for (const t of ['members', 'member_events', 'member_consents'])
      await sql`ALTER TABLE ${sql.table(t)} DISABLE TRIGGER ALL`.execute(db);
  }
  const rssBefore = peakRssMb();
  cpu0 = cpuSeconds(postmaster);
  t = performance.now();
  const job = await importMembersFromFile(deps, {
    file: csvFile,
    orgId: union.id,
    mode: 'valid_only',
    audit: { bench: true },
  });
  const importS = secs(t);
  cpu1 = cpuSeconds(postmaster);
  const importCpu = { node: cpu1.node - cpu0.node, pg: cpu1.pg - cpu0.pg };
  const rssPeak = peakRssMb();
  if (withoutFk)
    for (const t of ['members', 'member_events', 'member_consents'])
      await sql`ALTER TABLE ${sql.table(t)} ENABLE TRIGGER ALL`.execute(db);
  if (job.status !== 'succeeded' || job.createdRows !== N)
    throw new Error(`import: ${JSON.stringify({ ...job, preview: undefined }).slice(0, 600)}`);
  const copyRate = N / copyS;
  const importRate = N / importS;
  say(`COPY baseline: ${Math.round(copyRate).toLocaleString('en')} rows/s (${copyS.toFixed(2)} s)`);
  say(
    `import job:    ${Math.round(importRate).toLocaleString('en')} rows/s (${importS.toFixed(2)} s, ${job.createdRows} created, ${job.errorRows} errors)`,
  );
  say(
    `ratio import/COPY: ${(importRate / copyRate).toFixed(3)} (goal >= 0.2); peak RSS ${rssPeak.toFixed(0)} MB (before the import ${rssBefore.toFixed(0)} MB; goal < 500 MB)`,
  );

  say(
    `CPU seconds (less sensitive to other load than wall time): COPY ${copyCpu.toFixed(2)} s; import ${(importCpu.node + importCpu.pg).toFixed(2)} s (Node ${importCpu.node.toFixed(2)} s, PostgreSQL ${importCpu.pg.toFixed(2)} s); CPU ratio ${(copyCpu / (importCpu.node + importCpu.pg)).toFixed(3)}`,
  );

  // (d) idempotent re-import
  t = performance.now();
  const again = await importMembersFromFile(deps, {
    file: csvFile,
    orgId: union.id,
    mode: 'valid_only',
    audit: { bench: true },
  });
  const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM members`.execute(db);
  say(
    `re-import: ${again.existingRows} existing, ${again.createdRows} created in ${secs(t).toFixed(2)} s; members ${count.rows[0]!.n}`,
  );

  // (e) the ceiling of any import design on this machine (see the header)
  const cores = os.cpus().length;
  const rows = readFileSync(csvFile, 'utf8')
    .split('\n')
    .slice(1, N + 1)
    .map((l) => l.split(','));
  const seal = importSealer(ring);
  const sealCpu = (f: (r: string[]) => void) => {
    for (const r of rows.slice(0, 5_000)) f(r); // warm-up
    const c = process.cpuUsage();
    for (const r of rows) f(r);
    const u = process.cpuUsage(c);
    return (u.user + u.system) / N; // µs per member
  };
  const perField = sealCpu(([, id, phone, address]) => {
    seal.encrypt(COL.idNumber, id!);
    seal.blindIndex(COL.idNumber, `resident_id:${id}`);
    seal.encrypt(COL.phone, phone!);
    seal.blindIndex(COL.phone, phone!);
    seal.encrypt(COL.address, address!);
  });
  const envelope = sealCpu(([, id, phone, address]) => {
    seal.encrypt('members.pii', `${id}\u0000${phone}\u0000${address}`);
    seal.blindIndex(COL.idNumber, `resident_id:${id}`);
    seal.blindIndex(COL.phone, phone!);
  });
  const outDir = mkdtempSync(path.join(tmp, 'sealed-'));
  chmodSync(outDir, 0o777); // written by the PostgreSQL server process
  const sealedFile = path.join(outDir, 'sealed.copy');
  // only the file's eight columns, sealed: no ids, member numbers, name keys or timestamps
  const sealedCols =
    'name, id_number_enc, id_number_bidx, phone_enc, phone_bidx, address_enc, employer, department, education, join_date';
  await pool.query(`COPY (SELECT ${sealedCols} FROM members) TO '${sealedFile.replace(/'/g, "''")}'`);
  await sql`CREATE TABLE bench_sealed (name text, id_number_enc bytea, id_number_bidx text, phone_enc bytea,
    phone_bidx text, address_enc bytea, employer text, department text, education text, join_date date)`.execute(
    db,
  );
  cpu0 = cpuSeconds(postmaster);
  t = performance.now();
  await pool.query(`COPY bench_sealed FROM '${sealedFile.replace(/'/g, "''")}'`);
  const storeS = secs(t);
  cpu1 = cpuSeconds(postmaster);
  const storeUs = ((cpu1.pg - cpu0.pg + cpu1.node - cpu0.node) * 1e6) / N;
  await sql`DROP TABLE bench_sealed`.execute(db);
  const ceiling = (sealUs: number) => (cores * 1e6) / (sealUs + storeUs);
  say(
    `ceiling of any import here: sealing ${perField.toFixed(1)} µs CPU per member (3 AES-256-GCM + 2 HMAC-SHA256; ${envelope.toFixed(1)} µs with one AES-GCM envelope instead); storing the sealed columns of the file into an unindexed table ${storeUs.toFixed(1)} µs CPU (${Math.round(N / storeS).toLocaleString('en')} rows/s)`,
  );
  say(
    `ceiling with all ${cores} cores doing only that: ${Math.round(ceiling(perField)).toLocaleString('en')} members/s = ratio ${(ceiling(perField) / copyRate).toFixed(3)}; with an envelope ${Math.round(ceiling(envelope)).toLocaleString('en')}/s = ratio ${(ceiling(envelope) / copyRate).toFixed(3)} (goal 0.2)`,
  );
} finally {
  await db.destroy();
  await admin.pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  await admin.db.destroy();
  await server?.stop();
  rmSync(tmp, { recursive: true, force: true });
}
