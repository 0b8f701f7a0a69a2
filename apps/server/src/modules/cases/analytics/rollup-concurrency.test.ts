/**
 * Concurrent case writes keep the rollups exact and do not deadlock: the rollup triggers (migration
 * 0017) upsert their deltas in rollup-key order, so transactions touching the same rollup rows lock
 * them in the same order. And if PostgreSQL ever does abort a transaction as a deadlock victim, the
 * request answers a retriable 503 `overloaded` with Retry-After, not a 500.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../kernel/auth/actor.js';
import type { TestClient } from '../../../kernel/testing/client.js';
import { createOrg, createTree, createUser, loginAs } from '../../../kernel/testing/fixtures.js';
import { uniqueIp } from '../../../kernel/testing/net.js';
import { buildTestApp, type TestContext } from '../../../kernel/testing/test-app.js';
import { actorOf, fileCase, injuryFields, makeMember } from '../case-fixtures.test.js';
import { dashboard, hotspots } from './analytics.service.js';

const DAY = 86_400_000;
let ctx: TestContext;
let handler: TestClient;
const officers: Actor[] = [];
const ids: string[] = [];

async function expectRollupEqualsLive(label: string) {
  for (const a of officers) {
    const q = { from: new Date(0).toISOString() };
    expect(await dashboard(ctx.deps, a, q), `${label} ${a.username}`).toEqual(
      await dashboard(ctx.deps, a, q, 'live'),
    );
    const h = { dimension: 'body_part' as const, days: 90 };
    expect(await hotspots(ctx.deps, a, h), `${label} ${a.username}`).toEqual(
      await hotspots(ctx.deps, a, h, 'live'),
    );
  }
}

/** Waits until some session of this test's database waits for a row lock. */
async function untilSomeoneWaits() {
  for (let i = 0; i < 200; i++) {
    const waiting = await ctx.deps.db
      .selectFrom(sql<{ wait_event_type: string | null }>`pg_stat_activity`.as('a'))
      .select('a.wait_event_type')
      .where('a.wait_event_type', '=', 'Lock')
      .where(sql<boolean>`a.datname = current_database()`)
      .execute();
    if (waiting.length > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('nobody waited for a lock');
}

/** Interleaves a list with its reverse: consecutive requests touch the same keys in opposite orders. */
const zigzag = <T>(xs: T[]): T[] => xs.flatMap((x, i) => [x, xs[xs.length - 1 - i]!]).slice(0, xs.length);

beforeAll(async () => {
  ctx = await buildTestApp();
  const tree = await createTree(ctx);
  const group = await createOrg(ctx, '一车间甲班', 'group', tree.branch1);
  const members = await Promise.all(
    [group, tree.branch1, tree.branch2].map(async (org, i) => {
      const u = await createUser(ctx, { username: `cc_m${i}`, org });
      await makeMember(ctx, u, org, tree.union);
      return u;
    }),
  );
  const fed = await createUser(ctx, { username: 'cc_fed', org: tree.root, roles: ['chair'] });
  const chair = await createUser(ctx, { username: 'cc_chair', org: tree.union, roles: ['chair'] });
  const b1 = await createUser(ctx, { username: 'cc_b1', org: tree.branch1, roles: ['chair'] });
  const h = await createUser(ctx, { username: 'cc_handler', org: tree.union, roles: ['case_handler'] });
  officers.push(actorOf(fed, tree.root.id), actorOf(chair, tree.union.id), actorOf(b1, tree.branch1.id));
  // cases in overlapping orgs, months and types
  ctx.clock.advance(-45 * DAY);
  for (let month = 0; month < 2; month++) {
    for (const u of members) {
      const client = await loginAs(ctx, u, uniqueIp());
      for (let i = 0; i < 3; i++) {
        ids.push(
          await fileCase(client, {
            title: `并发${month}-${i}`,
            fields: { ...injuryFields, body_part: ['hand', 'back', 'eye'][i]! },
          }),
        );
      }
      ids.push(await fileCase(client, { typeKey: 'demand', title: '诉求', fields: { description: '食堂' } }));
    }
    ctx.clock.advance(31 * DAY);
  }
  handler = await loginAs(ctx, h, uniqueIp());
});
afterAll(() => ctx.close());

describe('concurrent case writes and the rollups', () => {
  it('many concurrent transitions in opposite orders all succeed and the rollups stay exact', async () => {
    await expectRollupEqualsLive('filed');
    const round = async (action: string) => {
      const res = await Promise.all(
        zigzag(ids).map((id) => handler.post(`/api/cases/${id}/actions`, { action })),
      );
      for (const r of res) expect(r.statusCode, r.body).toBe(200);
    };
    await round('take');
    // first responses and internal notes racing the next steps
    const mixed = await Promise.all(
      zigzag(ids).flatMap((id, i) => [
        handler.post(`/api/cases/${id}/messages`, { body: `已收到${i}`, toMember: i % 2 === 0 }),
        handler.post(`/api/cases/${id}/messages`, { body: '内部', toMember: false }),
      ]),
    );
    for (const r of mixed) expect(r.statusCode, r.body).toBe(200);
    await round('resolve');
    await expectRollupEqualsLive('after concurrent transitions');
    const fed = await dashboard(ctx.deps, officers[0]!, { from: new Date(0).toISOString() });
    expect(fed.summary.total).toBe(ids.length);
    expect(fed.summary.open).toBe(ids.length);
  });

  it('a deadlock victim gets a retriable 503 overloaded (Retry-After), and the retry succeeds', async () => {
    const id = ids[0]!;
    const c = await ctx.deps.db
      .selectFrom('cases')
      .select(['org_id', 'type_key', 'state', 'created_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(c.state).toBe('resolved');
    let victim: Awaited<ReturnType<TestClient['post']>> | undefined;
    const sentinel = new Error('roll back');
    await expect(
      ctx.deps.db.transaction().execute(async (trx) => {
        // another transaction holds a rollup row the reopen must update...
        await sql`SET LOCAL deadlock_timeout = '10s'`.execute(trx);
        await sql`SELECT n FROM case_rollup_month WHERE node_id = ${c.org_id} AND type_key = ${c.type_key}
                    AND state = 'resolved' AND month = date_trunc('month', ${c.created_at}::timestamptz AT TIME ZONE 'UTC')::date
                  FOR UPDATE`.execute(trx);
        const request = handler.post(`/api/cases/${id}/actions`, { action: 'auto_close' }).then((r) => {
          victim = r;
        });
        // ...the request locks the case and waits for that row...
        await untilSomeoneWaits();
        // ...and this transaction then wants the case row: a cycle, PostgreSQL aborts the request's
        await sql`UPDATE cases SET title = title WHERE id = ${id}`.execute(trx);
        await request;
        throw sentinel;
      }),
    ).rejects.toBe(sentinel);
    expect(victim!.statusCode, victim!.body).toBe(503);
    expect(victim!.json().code).toBe('overloaded');
    expect(victim!.headers['retry-after']).toBe('1');
    const retry = await handler.post(`/api/cases/${id}/actions`, { action: 'auto_close' });
    expect(retry.statusCode, retry.body).toBe(200);
    await expectRollupEqualsLive('after the deadlock and the retry');
  });

  it.each([
    ['smallest', 1],
    ['largest', 2],
  ] as const)(
    'a case write locks the rollup rows in key order (the %s key held elsewhere)',
    async (held, idx) => {
      const id = ids[idx]!;
      const c = await ctx.deps.db
        .selectFrom('cases as c')
        .innerJoin('orgs as o', 'o.id', 'c.org_id')
        .select(['o.path', 'c.type_key', 'c.state', 'c.created_at'])
        .where('c.id', '=', id)
        .executeTakeFirstOrThrow();
      expect(c.state).toBe('resolved');
      const nodes = c.path.split('/').filter(Boolean);
      // the month rows closing this case changes (-1 resolved, +1 closed at every node); all exist already
      const keys = await sql<{ node_id: string; month: string; type_key: string; state: string }>`
      SELECT node_id, month::text AS month, type_key, state FROM case_rollup_month
      WHERE node_id = ANY(${nodes}::uuid[]) AND type_key = ${c.type_key} AND state IN ('resolved', 'closed')
        AND month = date_trunc('month', ${c.created_at}::timestamptz AT TIME ZONE 'UTC')::date
      ORDER BY node_id, month, type_key, state`.execute(ctx.deps.db);
      expect(keys.rows.length).toBe(nodes.length * 2);
      const lockable = async (ks: typeof keys.rows) =>
        ctx.deps.db.transaction().execute(async (trx) => {
          let n = 0;
          for (const k of ks) {
            const r =
              await sql`SELECT 1 FROM case_rollup_month WHERE node_id = ${k.node_id} AND month = ${k.month}::date
                                AND type_key = ${k.type_key} AND state = ${k.state} FOR UPDATE SKIP LOCKED`.execute(
                trx,
              );
            n += r.rows.length;
          }
          return n;
        });
      const first = held === 'smallest' ? keys.rows[0]! : keys.rows[keys.rows.length - 1]!;
      const rest = held === 'smallest' ? keys.rows.slice(1) : keys.rows.slice(0, -1);
      let res: Awaited<ReturnType<TestClient['post']>> | undefined;
      const sentinel = new Error(`release ${held}`);
      await expect(
        ctx.deps.db.transaction().execute(async (trx) => {
          // hold the smallest key: the writer blocks on it before locking any other; hold the largest:
          // it has locked all the others when it blocks
          await sql`SELECT 1 FROM case_rollup_month WHERE node_id = ${first.node_id} AND month = ${first.month}::date
                    AND type_key = ${first.type_key} AND state = ${first.state} FOR UPDATE`.execute(trx);
          const request = handler.post(`/api/cases/${id}/actions`, { action: 'auto_close' }).then((r) => {
            res = r;
          });
          await untilSomeoneWaits();
          expect(await lockable(rest)).toBe(held === 'smallest' ? rest.length : 0);
          throw Object.assign(sentinel, { request });
        }),
      ).rejects.toBe(sentinel);
      await (sentinel as Error & { request: Promise<void> }).request;
      expect(res!.statusCode, res!.body).toBe(200);
      await expectRollupEqualsLive('after the ordered write');
    },
  );
});
