/**
 * Announcement fan-out to 100,000 members (not run in CI). Seeds one union of 100 branches with
 * BENCH_MEMBERS accounts (a third with saved preferences: muted, e-mail off, English, quiet hours,
 * digest), publishes an announcement to the union and times `announceDue` (the `comms-announce` job)
 * until every in-app notification and e-mail outbox row is committed and every batched socket push
 * has reached a listener on a second connection ("another process"). Goal: < 30 s.
 * Baselines in the same run: a plain INSERT ... SELECT of one notifications row per member (the floor
 * for writing that many rows), and the old per-member send() path timed on BENCH_SAMPLE members and
 * extrapolated.
 *
 *   npx tsx --conditions=source bench/comms-announce.ts
 *   BENCH_MEMBERS=20000 npx tsx --conditions=source bench/comms-announce.ts
 */
import { sql } from 'kysely';
import { FieldCipher } from '../apps/server/src/kernel/crypto/field.js';
import { KeyRing } from '../apps/server/src/kernel/crypto/keyring.js';
import { migrateToLatest } from '../apps/server/src/kernel/db/migrate.js';
import { createDatabase } from '../apps/server/src/kernel/db/pool.js';
import type { Deps } from '../apps/server/src/kernel/deps.js';
import { NotificationService } from '../apps/server/src/kernel/notify/service.js';
import { PgPubSub } from '../apps/server/src/kernel/pubsub/pg-pubsub.js';
import { USERS_CHANNEL } from '../apps/server/src/kernel/pubsub/pubsub.js';
import { startTestPostgres } from '../apps/server/src/kernel/testing/embedded-test-server.js';
import { adminUrl, withDatabase } from '../apps/server/src/kernel/testing/urls.js';
import { announceDue } from '../apps/server/src/modules/comms/announcements.service.js';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const SAMPLE = Number(process.env.BENCH_SAMPLE ?? 1000);
const say = (m: string) => process.stdout.write(`[comms-announce] ${m}\n`);

const server = process.env.DATABASE_URL ? null : await startTestPostgres();
const base = process.env.DATABASE_URL ?? server!.url;
const name = `uh_bench_announce_${process.pid}`;
const admin = createDatabase(adminUrl(base), 2);
await admin.pool.query(`CREATE DATABASE ${name}`);
const { db, pool } = createDatabase(withDatabase(adminUrl(base), name), 8);
const listener = new PgPubSub(pool);
const pubsub = new PgPubSub(pool);

async function seed(): Promise<{ union: string; author: string }> {
  await migrateToLatest(db);
  const t = performance.now();
  const root = (
    await sql<{ id: string; path: string }>`
      INSERT INTO orgs (id, parent_id, kind, name, path, depth)
      SELECT id, NULL, 'grassroots', '基准工会', '/' || id || '/', 0 FROM (SELECT gen_random_uuid() AS id) s
      RETURNING id, path`.execute(db)
  ).rows[0]!;
  await sql`
    INSERT INTO orgs (id, parent_id, kind, name, path, depth)
    SELECT id, ${root.id}::uuid, 'branch', '分工会' || n, ${root.path} || id || '/', 1
    FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, 100) n) s`.execute(db);
  await sql`
    INSERT INTO users (username, display_name, email, org_id, password_hash)
    SELECT 'bm' || s, '会员' || s, 'bm' || s || '@example.org', b.id, 'x'
    FROM generate_series(1, ${MEMBERS}) s
    JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM orgs WHERE depth = 1) b ON b.i = s % 100`.execute(
    db,
  );
  // a third of the members saved preferences; the others get a row from the fan-out itself
  await sql`
    INSERT INTO notification_prefs (user_id, unsubscribe_key, locale, email_enabled, muted_categories,
      quiet_start, quiet_end, digest)
    SELECT u.id, rtrim(translate(encode(uuid_send(gen_random_uuid()), 'base64'), '+/', '-_'), '='),
      CASE WHEN n % 5 = 0 THEN 'en' ELSE 'zh-CN' END,
      n % 7 <> 0,
      CASE WHEN n % 11 = 0 THEN ARRAY['announcements'] ELSE '{}'::text[] END,
      CASE WHEN n % 4 = 0 THEN 1320 END, CASE WHEN n % 4 = 0 THEN 420 END,
      CASE WHEN n % 13 = 0 THEN 'daily' ELSE 'off' END
    FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM users) u
    WHERE n % 3 = 0`.execute(db);
  await sql`ANALYZE`.execute(db);
  const author = (await sql<{ id: string }>`SELECT id FROM users LIMIT 1`.execute(db)).rows[0]!.id;
  say(`seeded ${MEMBERS} members in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return { union: root.id, author };
}

async function publish(union: string, author: string, title: string): Promise<string> {
  const r = await sql<{ id: string }>`
    INSERT INTO announcements (org_id, title, body_html, status, publish_at, created_by)
    VALUES (${union}, ${title}, '<p>基准</p>', 'published', now(), ${author}) RETURNING id`.execute(db);
  return r.rows[0]!.id;
}

try {
  const { union, author } = await seed();
  const ring = await KeyRing.open(db, { current: Buffer.alloc(32, 9), currentId: 'bench', previous: [] });
  const deps = {
    db,
    pool,
    ring,
    cipher: new FieldCipher(ring),
    clock: { now: () => new Date() },
    pubsub,
    config: { publicOrigin: 'http://localhost:3000' },
  } as unknown as Deps;
  const service = new NotificationService(() => deps, { deliverImmediately: false });
  deps.notifier = service;

  // baseline: the floor for writing one row per member
  let t = performance.now();
  await sql`
    INSERT INTO notifications (user_id, template, category, title, body, link)
    SELECT id, 'baseline', 'baseline', '新公告：基准', '基准工会 发布了新公告《基准》。', '/x' FROM users`.execute(
    db,
  );
  const baselineMs = performance.now() - t;
  await sql`DELETE FROM notifications`.execute(db);
  say(`baseline: plain INSERT ... SELECT of ${MEMBERS} notification rows: ${baselineMs.toFixed(0)} ms`);

  // the fan-out
  let pushed = 0;
  let allPushed: () => void = () => undefined;
  const pushesDone = new Promise<void>((r) => {
    allPushed = r;
  });
  await listener.subscribe(USERS_CHANNEL, (m) => {
    pushed += (m as { u: string[] }).u.length;
    if (pushed >= MEMBERS) allPushed();
  });
  const id = await publish(union, author, '年度会员大会通知');
  t = performance.now();
  const n = await announceDue(deps);
  const queuedMs = performance.now() - t;
  await Promise.race([pushesDone, new Promise((r) => setTimeout(r, 60_000))]);
  const pushedMs = performance.now() - t;
  const counts = (
    await sql<{ inapp: string; mail: string; held: string }>`
      SELECT (SELECT count(*) FROM notifications WHERE link = ${`/announcements/${id}`}) AS inapp,
             (SELECT count(*) FROM notification_deliveries) AS mail,
             (SELECT count(*) FROM notification_deliveries WHERE next_attempt_at > created_at) AS held`.execute(
      db,
    )
  ).rows[0]!;
  say(
    `fan-out: ${n} members, ${counts.inapp} in-app rows, ${counts.mail} e-mail rows queued (${counts.held} held by quiet hours) in ${(queuedMs / 1000).toFixed(2)} s (goal < 30 s: ${queuedMs < 30_000 ? 'met' : 'MISSED'})`,
  );
  say(
    `batched socket pushes received on another connection: ${pushed} users after ${(pushedMs / 1000).toFixed(2)} s`,
  );
  say(`ratio fan-out / baseline INSERT ... SELECT: ${(queuedMs / baselineMs).toFixed(1)}x`);

  // the old path: one send() per member, sequentially, on a sample
  const sample = (await sql<{ id: string }>`SELECT id FROM users ORDER BY id LIMIT ${SAMPLE}`.execute(db))
    .rows;
  t = performance.now();
  for (const u of sample)
    await service.send({
      userId: u.id,
      template: 'announcement_published',
      params: { title: '逐个发送', org: '基准工会', link: `/announcements/${id}` },
    });
  const perMember = (performance.now() - t) / SAMPLE;
  say(
    `old per-member send(): ${perMember.toFixed(2)} ms/member on ${SAMPLE} -> about ${((perMember * MEMBERS) / 1000).toFixed(0)} s for ${MEMBERS} (${((perMember * MEMBERS) / queuedMs).toFixed(0)}x slower than the fan-out)`,
  );
} finally {
  await listener.close();
  await pubsub.close();
  await db.destroy();
  await admin.pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  await admin.db.destroy();
  await server?.stop();
}
