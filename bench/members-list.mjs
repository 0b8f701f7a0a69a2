#!/usr/bin/env node
// Member registry benchmark (not run in CI). In one run, on this machine:
//   (a) 200,000 generated members as a CSV file (valid resident IDs, phones, Chinese names);
//   (b) baseline: a plain PostgreSQL COPY of that file into an unindexed table;
//   (c) the same file through the import API (validation, pinyin, encryption, blind indexes, history,
//       consent rows), timed until the job finished, with the server's peak RSS;
//   (d) the member list API on those 200,000 members: p50/p95/p99 of sequential requests for a default
//       page, a filtered + sorted page, name / pinyin / phone searches and a deep page (goal p95 < 50 ms).
//
//   node bench/members-list.mjs                 everything on a fresh embedded PostgreSQL
//   BENCH_MEMBERS=50000 node bench/members-list.mjs
//   BENCH_REQUESTS=300 node bench/members-list.mjs   requests per list scenario (default 200)
import { chmodSync, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Client, freePort, killAll, sleep, startChild, totp, waitReady } from './lib.mjs';

const root = path.resolve(import.meta.dirname, '..');
const say = (m) => process.stdout.write(`[members-bench] ${m}\n`);
const N = Number(process.env.BENCH_MEMBERS ?? 200_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'unionhall-members-bench-'));
chmodSync(tmp, 0o755); // the embedded PostgreSQL runs unprivileged and reads the COPY file
const dataDir = path.join(tmp, 'data');
const csvFile = path.join(tmp, 'members.csv');
const cleanup = () => {
  killAll();
  // The embedded PostgreSQL may run as another user in its own process group: stop it by its pid file.
  try {
    process.kill(
      Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]),
      'SIGINT',
    );
  } catch {
    // not running
  }
  rmSync(tmp, { recursive: true, force: true });
};
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });
}
const watchdog = setTimeout(() => {
  say('gave up after 30 min');
  cleanup();
  process.exit(2);
}, 30 * 60_000);

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志海波宁浩然子轩梓涵一诺欣怡思远晨曦雨泽';
const EMPLOYERS = [
  '第一机械厂',
  '第二纺织厂',
  '城市公交集团',
  '人民医院',
  '实验中学',
  '电力公司',
  '钢铁集团',
  '物流公司',
];
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const check = (s) => '10X98765432'[[...s].reduce((a, d, i) => a + Number(d) * WEIGHTS[i], 0) % 11];
let seed = 42;
const rnd = (n) => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return (seed >>> 8) % n;
};

async function writeCsv() {
  const out = createWriteStream(csvFile);
  out.write('姓名,证件号码,手机号码,住址,工作单位,部门,学历,入会日期\n');
  for (let i = 0; i < N; i++) {
    const name =
      SURNAMES[rnd(SURNAMES.length)] + GIVEN[rnd(GIVEN.length)] + (rnd(2) ? GIVEN[rnd(GIVEN.length)] : '');
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

function peakRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024;
}

const pct = (xs, p) =>
  xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function timeRequests(base, cookie, url) {
  const ms = [];
  let total;
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    const res = await fetch(base + url, { headers: { cookie } });
    const body = await res.json();
    ms.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${url} -> ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
    total = `${body.total}${body.totalExact ? '' : '+'}`;
  }
  return { p50: pct(ms, 50), p95: pct(ms, 95), p99: pct(ms, 99), total };
}

async function main() {
  const port = await freePort();
  const pgPort = await freePort([port]);
  const base = `http://127.0.0.1:${port}`;
  say(
    `${os.cpus().length} CPUs, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${N.toLocaleString('en')} members`,
  );
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_ORIGIN: base,
    UNIONHALL_DATA_DIR: dataDir,
    UNIONHALL_EMBEDDED_PG_PORT: String(pgPort),
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'warn',
  };
  for (const k of [
    'DATABASE_URL',
    'REDIS_URL',
    'UNIONHALL_MASTER_KEY',
    'UNIONHALL_MASTER_KEY_FILE',
    'UNIONHALL_DEMO',
  ])
    delete env[k];
  const t0 = performance.now();
  const proc = startChild(['--import', 'tsx', path.join(root, 'apps/server/src/main.ts')], {
    env,
    cwd: root,
  });
  await Promise.all([
    writeCsv(),
    waitReady(`${base}/api/ready`, t0, 180_000, () => proc.child.exitCode === null),
  ]);
  const token = (await proc.waitFor(/\/setup#token=([A-Za-z0-9_-]+)/, 10_000))[1];
  const admin = new Client(base);
  await admin.call('POST', '/api/setup', {
    token,
    orgName: '基准测试基层工会',
    orgKind: 'grassroots',
    username: 'bench.admin',
    displayName: 'Bench Admin',
    password: 'Quiet-Harbor-Lantern-8841',
  });
  const { secret } = await admin.call('POST', '/api/auth/mfa/enroll');
  await admin.call('POST', '/api/auth/mfa/activate', { code: (await totp(secret)).code });
  const union = (await admin.call('GET', '/api/orgs')).items.find((o) => o.parentId === null);
  const branch = await admin.call('POST', '/api/orgs', {
    parentId: union.id,
    name: '一车间分工会',
    kind: 'branch',
  });
  say(`CSV ${(statSync(csvFile).size / 1e6).toFixed(1)} MB written; server ready`);

  // (b) baseline: COPY into an unindexed table, server-side from the same file
  const pw = readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
  const pool = new pg.Pool({
    connectionString: `postgres://unionhall:${encodeURIComponent(pw)}@127.0.0.1:${pgPort}/unionhall`,
    max: 1,
  });
  await pool.query(
    'CREATE TABLE bench_copy (name text, id_number text, phone text, address text, employer text, department text, education text, join_date text)',
  );
  let c0 = performance.now();
  await pool.query(`COPY bench_copy FROM '${csvFile.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)`);
  const copyMs = performance.now() - c0;
  await pool.query('DROP TABLE bench_copy');

  // (c) the import API
  const rssBefore = peakRssMb(proc.child.pid);
  c0 = performance.now();
  const res = await fetch(
    `${base}/api/members/imports?orgId=${union.id}&mode=valid_only&consentAttested=true`,
    {
      method: 'POST',
      headers: {
        cookie: admin.cookieHeader(),
        'x-csrf-token': admin.csrf,
        origin: base,
        'content-type': 'text/csv',
      },
      body: readFileSync(csvFile),
    },
  );
  if (res.status !== 202) throw new Error(`import upload -> ${res.status} ${await res.text()}`);
  const { id } = await res.json();
  let job;
  for (;;) {
    await sleep(500);
    job = await admin.call('GET', `/api/members/imports/${id}`);
    if (job.status === 'succeeded' || job.status === 'failed') break;
  }
  const importMs = performance.now() - c0;
  const rssPeak = peakRssMb(proc.child.pid);
  if (job.status !== 'succeeded') throw new Error(`import failed: ${JSON.stringify(job).slice(0, 500)}`);
  const copyRate = N / (copyMs / 1000);
  const importRate = job.createdRows / (importMs / 1000);
  say(`COPY baseline: ${Math.round(copyRate).toLocaleString('en')} rows/s (${(copyMs / 1000).toFixed(1)} s)`);
  say(
    `import API:    ${Math.round(importRate).toLocaleString('en')} rows/s (${(importMs / 1000).toFixed(1)} s, ${job.createdRows} created, ${job.errorRows} errors)`,
  );
  say(
    `ratio import/COPY: ${(importRate / copyRate).toFixed(3)} (goal >= 0.2); server peak RSS ${rssPeak.toFixed(0)} MB (before the import ${rssBefore.toFixed(0)} MB; goal < 500 MB)`,
  );
  await pool.query('ANALYZE members');
  await pool.end();

  // move a tenth of the members into the branch, for the subtree filter
  const some = await admin.call('GET', '/api/members?pageSize=200&sort=memberNo');
  await admin.call('POST', '/api/members/bulk', {
    ids: some.items.map((m) => m.id),
    action: 'move',
    orgId: branch.id,
    reason: 'bench',
  });

  const cookie = admin.cookieHeader();
  const scenarios = [
    ['default page (join date desc)', '/api/members?pageSize=50'],
    [
      'filtered + sorted (active, female, joined 2010+, employer, by name)',
      `/api/members?status=active&gender=female&joinedFrom=2010-01-01&employer=${encodeURIComponent('机械')}&sort=name&pageSize=50`,
    ],
    ['subtree filter (branch) + sort by member no', `/api/members?orgId=${branch.id}&sort=memberNo`],
    ['name search, one character (张)', `/api/members?q=${encodeURIComponent('张')}&sort=name`],
    ['name search, two characters (王芳)', `/api/members?q=${encodeURIComponent('王芳')}`],
    ['pinyin initials (zw)', '/api/members?q=zw'],
    ['exact phone (blind index)', '/api/members?q=13100000123'],
    ['deep page (page 150 of 50)', '/api/members?page=150&pageSize=50&sort=name'],
  ];
  const rows = [];
  for (const [title, url] of scenarios) {
    await timeRequests(base, cookie, url); // warm-up pass
    const r = await timeRequests(base, cookie, url);
    rows.push(r.p95);
    say(
      `${title.padEnd(72)} p50 ${r.p50.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  total ${r.total}`,
    );
  }
  const worst = Math.max(...rows);
  say(`list API worst p95 ${worst.toFixed(1)} ms (goal < 50 ms): ${worst < 50 ? 'met' : 'NOT met'}`);
  if (process.env.BENCH_KEEP) {
    say(
      `keeping the server: ${base}, PostgreSQL 127.0.0.1:${pgPort} (password in ${dataDir}/pg-password); Ctrl-C to stop`,
    );
    await new Promise(() => {});
  }
  await proc.stop();
}

main()
  .catch((err) => {
    say(`failed: ${err.stack ?? err}`);
    process.exitCode = 1;
  })
  .finally(() => {
    clearTimeout(watchdog);
    cleanup();
  });
