/**
 * Forum search at scale (not run in CI): 1,000,000 forum posts of generated Chinese text (sentences
 * built from a word list of workplace/union vocabulary, Zipf-distributed), segmented by jieba into the
 * tsvector exactly as the module does (searchFields), on 10 unions x 20 branches with a board each and
 * a union-wide board per union. Times the search service (query segmentation + the access-filtered
 * SQL) for a member of one branch over typical queries; goal p95 < 50 ms. Baseline in the same run: a
 * primary-key lookup of one post over the same pool.
 *
 *   npx tsx --conditions=source bench/comms-search.ts
 *   BENCH_POSTS=200000 BENCH_RUNS=50 npx tsx --conditions=source bench/comms-search.ts
 *   BENCH_DB=uh_bench_search BENCH_KEEP=1 ...   seed once, reuse on later runs
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../apps/server/src/kernel/auth/actor.js';
import { migrateToLatest } from '../apps/server/src/kernel/db/migrate.js';
import { createDatabase } from '../apps/server/src/kernel/db/pool.js';
import type { Deps } from '../apps/server/src/kernel/deps.js';
import { startTestPostgres } from '../apps/server/src/kernel/testing/embedded-test-server.js';
import { adminUrl, withDatabase } from '../apps/server/src/kernel/testing/urls.js';
import { searchRepo } from '../apps/server/src/modules/comms/search.repo.js';
import { indexWords, search, searchFields } from '../apps/server/src/modules/comms/search.service.js';
import { identityRepoForSeeding, syncBuiltinRoles } from '../apps/server/src/modules/identity/index.js';

const POSTS = Number(process.env.BENCH_POSTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const POSTS_PER_THREAD = 10;
const say = (m: string) => process.stdout.write(`[comms-search] ${m}\n`);

// Vocabulary of a workplace forum; earlier words are more frequent (Zipf).
const WORDS = `工会 职工 会员 工资 加班 食堂 宿舍 安全 培训 福利 劳动合同 社保 公积金 休假 年假 病假 工伤 体检
  班组 车间 主任 厂长 代表 职工代表大会 集体合同 协商 意见 建议 反映 问题 解决 通知 会议 活动 比赛 慰问 春节
  中秋 端午 困难 帮扶 救助 补贴 津贴 奖金 绩效 考核 晋升 调岗 轮岗 夜班 倒班 值班 调休 加班费 高温 防暑
  降温 劳保 用品 手套 口罩 安全帽 设备 维修 保养 故障 事故 隐患 整改 检查 巡查 消防 演练 应急 预案 环境
  卫生 清洁 绿化 停车 班车 通勤 交通 饭菜 质量 价格 菜品 窗口 排队 就餐 午餐 晚餐 早餐 水果 饮水 空调
  暖气 照明 噪音 粉尘 防护 职业病 健康 心理 咨询 讲座 读书 图书 篮球 羽毛球 乒乓球 拔河 运动会 文艺
  演出 合唱 书法 摄影 旅游 疗养 退休 返聘 实习 新员工 老员工 师傅 徒弟 技能 等级 证书 考试 报名 名额
  评选 先进 劳模 工匠 表彰 推荐 公示 投票 选举 候选人 换届 民主 监督 公开 透明 财务 账目 经费 预算
  会费 缴纳 减免 入会 退会 转会 档案 信息 系统 平台 手机 登录 密码 投诉 处理 回复 进展 满意 感谢 辛苦
  支持 关心 关注 希望 期待 尽快 及时 认真 落实 改进 提高 增加 减少 调整 取消 恢复 延长 缩短 今天 昨天
  明天 本周 下周 本月 上个月 年底 年初 我们 大家 同事 领导 部门 公司 单位 厂里 这里 那边 已经 还是 可以
  应该 需要 没有 非常 比较 特别 一直 经常 有时 希望 请问 谢谢`
  .split(/\s+/)
  .filter(Boolean);
const CUM = (() => {
  const w = WORDS.map((_, i) => 1 / (i + 1) ** 0.9);
  const total = w.reduce((a, b) => a + b, 0);
  let acc = 0;
  return w.map((x) => (acc += x / total));
})();
let seedState = 42;
const rand = () => {
  seedState = (seedState * 1103515245 + 12345) & 0x7fffffff;
  return seedState / 0x7fffffff;
};
const word = () => {
  const r = rand();
  let lo = 0;
  let hi = CUM.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (CUM[mid]! < r) lo = mid + 1;
    else hi = mid;
  }
  return WORDS[lo]!;
};
const sentence = () => {
  const n = 4 + Math.floor(rand() * 8);
  let s = '';
  for (let i = 0; i < n; i++) s += word() + (rand() < 0.15 ? '的' : '');
  return s + (rand() < 0.8 ? '。' : '？');
};
const body = () => Array.from({ length: 2 + Math.floor(rand() * 5) }, sentence).join('');
const title = () => word() + word() + (rand() < 0.5 ? '的问题' : '');

const server = process.env.DATABASE_URL ? null : await startTestPostgres();
const base = process.env.DATABASE_URL ?? server!.url;
const name = process.env.BENCH_DB ?? `uh_bench_search_${process.pid}`;
const KEEP = process.env.BENCH_KEEP === '1';
const admin = createDatabase(adminUrl(base), 2);
const exists =
  (await admin.pool.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
if (!exists) await admin.pool.query(`CREATE DATABASE ${name}`);
const { db, pool } = createDatabase(withDatabase(adminUrl(base), name), 8);

async function seed() {
  await migrateToLatest(db);
  await syncBuiltinRoles(db);
  const t0 = performance.now();
  const root = randomUUID();
  await sql`INSERT INTO orgs (id, parent_id, kind, name, path, depth)
            VALUES (${root}, NULL, 'federation', '基准市总工会', ${`/${root}/`}, 0)`.execute(db);
  await sql`
    WITH u AS (
      INSERT INTO orgs (id, parent_id, kind, name, path, depth)
      SELECT id, ${root}::uuid, 'grassroots', '工会' || n, ${`/${root}/`} || id || '/', 1
      FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, 10) n) s RETURNING id, path)
    INSERT INTO orgs (id, parent_id, kind, name, path, depth)
    SELECT s.id, s.parent, 'branch', '分工会' || s.n, s.ppath || s.id || '/', 2
    FROM (SELECT gen_random_uuid() AS id, u.id AS parent, u.path AS ppath, n
          FROM u CROSS JOIN generate_series(1, 20) n) s`.execute(db);
  await sql`INSERT INTO forum_boards (org_id, name, visibility)
            SELECT id, name || '论坛', CASE WHEN depth = 1 THEN 'union' ELSE 'subtree' END
            FROM orgs WHERE depth IN (1, 2)`.execute(db);
  const boards = (await sql<{ id: string }>`SELECT id FROM forum_boards ORDER BY id`.execute(db)).rows.map(
    (r) => r.id,
  );
  // bulk load: build the GIN indexes once at the end instead of row by row
  await sql`DROP INDEX search_docs_tsv_idx`.execute(db);
  await sql`DROP INDEX search_docs_title_trgm_idx`.execute(db);
  await sql`DROP INDEX search_docs_board_tsv_idx`.execute(db);
  const threads = Math.ceil(POSTS / POSTS_PER_THREAD);
  const BATCH = 200; // threads per batch = 2,000 posts
  const at = new Date();
  for (let t = 0; t < threads; t += BATCH) {
    const th: Array<{ id: string; board_id: string; title: string; post_count: number }> = [];
    const posts: Array<{ id: string; thread_id: string; post_no: number; body: string }> = [];
    const docs: Array<{
      ref_id: string;
      board_id: string;
      thread_id: string;
      title: string;
      body: string;
      segmented: string;
      terms: string;
    }> = [];
    for (let k = t; k < Math.min(threads, t + BATCH); k++) {
      const id = randomUUID();
      const tt = title();
      th.push({ id, board_id: boards[k % boards.length]!, title: tt, post_count: 0 });
      for (let p = 0; p < POSTS_PER_THREAD && k * POSTS_PER_THREAD + p < POSTS; p++) {
        const pid = randomUUID();
        const b = body();
        posts.push({ id: pid, thread_id: id, post_no: p + 1, body: b });
        th.at(-1)!.post_count = p + 1;
        docs.push({
          ref_id: pid,
          board_id: th.at(-1)!.board_id,
          thread_id: id,
          title: tt,
          body: b,
          ...searchFields(tt, b),
        });
      }
    }
    await db
      .insertInto('forum_threads')
      .values(th.map((x) => ({ ...x, created_at: at, last_post_at: at })))
      .execute();
    await db
      .insertInto('forum_posts')
      .values(posts.map((x) => ({ ...x, created_at: at })))
      .execute();
    await db
      .insertInto('search_docs')
      .values(
        docs.map((d) => ({
          kind: 'forum_post' as const,
          ref_id: d.ref_id,
          board_id: d.board_id,
          thread_id: d.thread_id,
          title: d.title,
          body: d.body,
          segmented: d.segmented,
          tsv: sql<string>`to_tsvector('simple', ${d.terms})`,
          updated_at: at,
        })),
      )
      .execute();
    if ((t / BATCH) % 50 === 0)
      say(`  ${t * POSTS_PER_THREAD} posts (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  await sql`CREATE INDEX search_docs_tsv_idx ON search_docs USING gin (tsv)`.execute(db);
  await sql`CREATE INDEX search_docs_title_trgm_idx ON search_docs USING gin (title gin_trgm_ops)`.execute(
    db,
  );
  await sql`CREATE INDEX search_docs_board_tsv_idx ON search_docs USING gin (board_id, tsv)
            WHERE kind = 'forum_post'`.execute(db);
  // planner statistics (autovacuum would gather them later): without them the first plans check
  // board access row by row over every match, and search uses them to spot very common words
  await sql`ANALYZE`.execute(db);
  say(
    `seeded ${POSTS} posts in ${threads} threads on ${boards.length} boards in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
}

async function member(orgId: string, username: string): Promise<Actor> {
  const u = await identityRepoForSeeding(db).insertUser({
    username,
    display_name: username,
    email: null,
    org_id: orgId,
    password_hash: 'x',
  });
  return {
    userId: u.id,
    username,
    displayName: username,
    orgId,
    sessionIdHash: 'x',
    mfaEnabled: false,
    mfaPassed: false,
    isOfficer: false,
    reauthAt: null,
    ip: '127.0.0.1',
  };
}

async function time(label: string, goalMs: number | null, fn: () => Promise<unknown>, baseline?: number) {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const p = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(1);
  const p95 = Number(p(0.95));
  const goal = goalMs === null ? '' : ` (goal < ${goalMs} ms: ${p95 < goalMs ? 'met' : 'NOT met'})`;
  const ratio = baseline ? `, ${(p95 / baseline).toFixed(1)}x the baseline` : '';
  say(`${label}: p50 ${p(0.5)} ms, p95 ${p(0.95)} ms${goal}${ratio}`);
  return p95;
}

try {
  if (exists) {
    await migrateToLatest(db);
    say(`reusing the seeded database ${name}`);
  } else await seed();
  const deps = { db, pool, clock: { now: () => new Date() } } as unknown as Deps;
  const branch = (
    await sql<{ id: string }>`SELECT id FROM orgs WHERE depth = 2 ORDER BY path LIMIT 1`.execute(db)
  ).rows[0]!.id;
  const actor = await member(branch, `bench_member_${process.pid}`);
  const anyPost = (await sql<{ id: string }>`SELECT id FROM forum_posts LIMIT 1`.execute(db)).rows[0]!.id;
  const baseline = await time('[baseline] primary-key lookup of a post', null, () =>
    db.selectFrom('forum_posts').where('id', '=', anyPost).selectAll().executeTakeFirst(),
  );
  const hits: Record<string, number> = {};
  for (const q of [
    '加班费',
    '食堂饭菜',
    '职工代表大会',
    '安全帽 整改',
    '疗养',
    '工伤 社保 公积金',
    '羽毛球比赛',
    '不存在的词语',
  ]) {
    const r = await search(deps, actor, q);
    hits[q] = r.items.length;
    await time(`search "${q}" (${hits[q]} hits shown)`, 50, () => search(deps, actor, q), baseline);
  }
  // Same run, the posts query alone: every word looked up in the index, against very common words
  // checked per row (what search does when the statistics show a word in most documents).
  const freq = await searchRepo(db).lexemeFrequencies();
  for (const [words, raw] of [
    ['职工 代表大会', '职工代表大会'],
    ['食堂 饭菜', '食堂饭菜'],
  ] as const) {
    const split = indexWords(words, freq);
    if (split === words) {
      say(`posts "${raw}": no common word to leave out of the index lookup`);
      continue;
    }
    const o = { words, raw, limit: 30 };
    const all = await time(`posts "${raw}", all words through the index`, null, () =>
      searchRepo(db).searchPosts(actor.userId, false, o),
    );
    await time(
      `posts "${raw}", index looks up "${split}"`,
      null,
      () => searchRepo(db).searchPosts(actor.userId, false, { ...o, indexWords: split }),
      all,
    );
  }
  const visible = (
    await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id
      JOIN forum_boards b ON b.id = t.board_id JOIN orgs o ON o.id = b.org_id
      WHERE o.id = ${branch} OR o.depth = 1 AND ${branch} IN (SELECT id FROM orgs WHERE path LIKE o.path || '%')`.execute(
      db,
    )
  ).rows[0]!.n;
  say(`the member can read ${visible} of ${POSTS} posts (own branch board + union-wide board)`);
} finally {
  await db.destroy();
  if (!KEEP) await admin.pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  await admin.db.destroy();
  await server?.stop();
}
