/**
 * Anonymity: no response, list, search, audit listing or log line shows a handler who filed an
 * anonymous case; the member still follows it; revealing needs members.pii.reveal and a reason, and is
 * audited.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_REDACT_PATHS } from '../../app.js';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { uniqueIp } from '../../kernel/testing/net.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { fileCase, makeMember } from './case-fixtures.test.js';

const lines: string[] = [];
const stream = new Writable({
  write(chunk, _enc, done) {
    lines.push(String(chunk));
    done();
  },
});

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let whistle: TestUser;
let whistleMemberId: string;
let member: TestClient;
let handler: TestClient;
let chair: TestClient;

beforeAll(async () => {
  ctx = await buildTestApp({
    logger: { logger: { level: 'trace', redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' }, stream } },
  });
  tree = await createTree(ctx);
  whistle = await createUser(ctx, { username: 'whistle_blower', org: tree.branch1 });
  whistleMemberId = await makeMember(ctx, whistle, tree.branch1, tree.union);
  member = await loginAs(ctx, whistle, uniqueIp());
  handler = await loginAs(
    ctx,
    await createUser(ctx, { username: 'anon_handler', org: tree.branch1, roles: ['case_handler'] }),
    uniqueIp(),
  );
  chair = await loginAs(
    ctx,
    await createUser(ctx, { username: 'anon_chair', org: tree.union, roles: ['chair'] }),
    uniqueIp(),
  );
});
afterAll(() => ctx.close());

describe('anonymous cases', () => {
  it('never reveal the submitter to handlers, in responses, lists, audit or logs', async () => {
    const logStart = lines.length;
    const id = await fileCase(member, {
      typeKey: 'demand',
      title: '加班费未足额发放',
      fields: { description: '车间三班' },
      anonymous: true,
    });
    const secrets = [whistle.id, whistle.username, whistleMemberId];
    const bodies: string[] = [];
    for (const client of [handler, chair]) {
      bodies.push((await client.get('/api/cases')).body);
      bodies.push((await client.get('/api/cases?open=true&typeKey=demand')).body);
      bodies.push((await client.get(`/api/cases/${id}`)).body);
      bodies.push((await client.get(`/api/audit?targetId=${id}`)).body);
    }
    const taken = await handler.post(`/api/cases/${id}/actions`, { action: 'take' });
    bodies.push(taken.body);
    bodies.push(
      (await handler.post(`/api/cases/${id}/actions`, { action: 'ask_member', message: '哪个班组？' })).body,
    );
    // the member answers and writes: still nothing that names them
    expect(
      (await member.post(`/api/my/cases/${id}/actions`, { action: 'member_answers', message: '三班' }))
        .statusCode,
    ).toBe(200);
    expect((await member.post(`/api/my/cases/${id}/messages`, { body: '补充：夜班' })).statusCode).toBe(200);
    const detail = await handler.get(`/api/cases/${id}`);
    bodies.push(detail.body);
    expect(detail.json()).toMatchObject({ anonymous: true, submitterId: null });
    expect(
      detail
        .json()
        .events.every(
          (e: { actorRole: string; actorId: string | null }) =>
            e.actorRole !== 'member' || e.actorId === null,
        ),
    ).toBe(true);
    for (const b of bodies) for (const s of secrets) expect(b, s).not.toContain(s);

    const row = await ctx.deps.db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.submitter_user_id).toBeNull();
    expect(row.identity_enc?.toString('latin1')).not.toContain(whistle.id);
    const events = await ctx.deps.db
      .selectFrom('case_events')
      .select('actor_id')
      .where('case_id', '=', id)
      .execute();
    expect(events.map((e) => e.actor_id)).not.toContain(whistle.id);
    const audit = await ctx.deps.db.selectFrom('audit_log').selectAll().where('target_id', '=', id).execute();
    for (const a of audit) expect(JSON.stringify(a)).not.toContain(whistle.id);

    const log = lines.slice(logStart).join('');
    expect(log).toContain('/api/my/cases');
    for (const s of secrets) expect(log, s).not.toContain(s);

    // the member follows their own anonymous case
    const mine = (await member.get('/api/my/cases')).json();
    expect(mine.items.map((c: { id: string }) => c.id)).toContain(id);
    expect(ctx.notifier.sent.some((n) => n.userId === whistle.id && n.template === 'cases.progress')).toBe(
      true,
    );
  });

  it('reveals the submitter only with members.pii.reveal and a reason, audited', async () => {
    const id = await fileCase(member, {
      typeKey: 'suggestion',
      fields: { description: '改进排班' },
      anonymous: true,
    });
    // case_handler lacks members.pii.reveal
    expect((await handler.post(`/api/cases/${id}/reveal-identity`, { reason: '调查需要' })).statusCode).toBe(
      404,
    );
    expect((await chair.post(`/api/cases/${id}/reveal-identity`, {})).statusCode).toBe(400);
    const r = await chair.post(`/api/cases/${id}/reveal-identity`, { reason: '涉及安全事故调查' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ userId: whistle.id, memberId: whistleMemberId });
    const a = await ctx.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('target_id', '=', id)
      .where('action', '=', 'pii.revealed')
      .executeTakeFirstOrThrow();
    expect(a.details).toMatchObject({ reason: '涉及安全事故调查', fields: ['submitter'] });
  });
});
