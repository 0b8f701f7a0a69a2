/**
 * Polls end to end against PostgreSQL (docs/polls.md): drafts, publish (audience, notifications,
 * audit), answering once with validation per question kind, eligibility, anonymity at the table level,
 * concurrency and close.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { render } from '../../kernel/notify/templates.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import {
  answers,
  buildPollWorld,
  MIN,
  type PollWorld,
  pollBody,
  publishedPoll,
} from './polls-fixtures.test.js';

let ctx: TestContext;
let w: PollWorld;

beforeAll(async () => {
  ctx = await buildTestApp();
  w = await buildPollWorld(ctx, 'pl');
}, 60_000);
afterAll(async () => {
  await ctx?.close();
});

const auditActions = async (pollId: string) =>
  (
    await sql<{
      action: string;
    }>`SELECT action FROM audit_log WHERE target_id = ${pollId} ORDER BY seq`.execute(ctx.deps.db)
  ).rows.map((r) => r.action);

describe('drafts', () => {
  it('creates a draft with normalised questions and sanitised plain-text description', async () => {
    const r = await w.officer.post('/api/polls', pollBody(ctx, w.union.id));
    expect(r.statusCode).toBe(201);
    const p = r.json();
    expect(p).toMatchObject({ status: 'draft', phase: 'draft', audience: 0, responses: 0, anonymous: true });
    expect(p.descriptionHtml).toBe('<p>请如实填写。</p><p>谢谢 &lt;合作&gt;</p>');
    expect(p.questions[0]).toMatchObject({ id: 'lunch', required: true });
    expect(p.questions[4]).toMatchObject({ method: 'irv', seats: 1, rankLimit: 0 });
    expect(p.abilities).toEqual({ edit: true, publish: true, close: false, delete: true, export: false });
  });

  it('rich text is sanitised', async () => {
    const r = await w.officer.post(
      '/api/polls',
      pollBody(ctx, w.union.id, { description: '<p onclick="x()">hi<script>bad()</script></p>' }),
    );
    expect(r.json().descriptionHtml).toBe('<p>hi</p>');
  });

  it.each([
    [
      'duplicate question ids',
      { questions: [pollBody(ctx0(), '').questions[0], pollBody(ctx0(), '').questions[0]] },
      'poll.invalid_definition',
    ],
    [
      'one option',
      { questions: [{ id: 'q', kind: 'single', title: 'q', options: [{ id: 'a', label: 'a' }] }] },
      'poll.invalid_definition',
    ],
    [
      'min above max',
      {
        questions: [
          { id: 'q', kind: 'multiple', title: 'q', minChoices: 3, maxChoices: 2, options: opts(3) },
        ],
      },
      'poll.invalid_definition',
    ],
    [
      'irv with seats',
      { questions: [{ id: 'q', kind: 'ranked', title: 'q', seats: 2, options: opts(3) }] },
      'poll.invalid_definition',
    ],
    [
      'stv seats = options',
      { questions: [{ id: 'q', kind: 'ranked', method: 'stv', title: 'q', seats: 3, options: opts(3) }] },
      'poll.invalid_definition',
    ],
    [
      'closes before opens',
      {
        opensAt: new Date(Date.now() + 9 * MIN).toISOString(),
        closesAt: new Date(Date.now() + MIN).toISOString(),
      },
      'poll.invalid_times',
    ],
    ['bad question id', { questions: [{ id: 'Bad Id', kind: 'text', title: 'q' }] }, 'validation_failed'],
  ])('refuses %s', async (_name, over, code) => {
    const r = await w.officer.post('/api/polls', pollBody(ctx, w.union.id, over));
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe(code);
  });

  it('edits and deletes drafts; an officer of branch 1 cannot reach a union poll', async () => {
    const id = (await w.officer.post('/api/polls', pollBody(ctx, w.union.id))).json().id;
    const r = await w.officer.patch(`/api/polls/${id}`, { title: '新标题', anonymous: false });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ title: '新标题', anonymous: false });
    expect((await w.branchOfficer.get(`/api/polls/${id}`)).statusCode).toBe(404);
    expect((await w.members[0]!.client.get(`/api/polls/${id}`)).statusCode).toBe(404);
    expect((await w.officer.delete(`/api/polls/${id}`)).json()).toEqual({ ok: true });
    expect((await w.officer.get(`/api/polls/${id}`)).statusCode).toBe(404);
  });
});

// the it.each table above is built before beforeAll runs: a clock-free body for question shapes
function ctx0() {
  return { clock: { now: () => new Date() } } as unknown as TestContext;
}
function opts(n: number) {
  return Array.from({ length: n }, (_, i) => ({ id: `o${i}`, label: `o${i}` }));
}

describe('publish and answer', () => {
  let id: string;

  it('publishes: audience frozen from active members with accounts in the subtree, notified, audited', async () => {
    const created = await w.officer.post('/api/polls', pollBody(ctx, w.union.id));
    id = created.json().id;
    ctx.notifier.sent.length = 0;
    const r = await w.officer.post(`/api/polls/${id}/publish`);
    expect(r.statusCode).toBe(200);
    // 5 members + "later"; not the retained, the outsider, the accountless record or officers
    expect(r.json()).toMatchObject({ status: 'published', phase: 'open', audience: 6 });
    const sent = ctx.notifier.sent.filter((n) => n.template === 'poll_published');
    expect(sent).toHaveLength(6);
    expect(sent[0]!.params).toMatchObject({ title: '食堂满意度调查', link: `/my/polls/${id}` });
    for (const locale of ['zh-CN', 'en'] as const) {
      const text = render('poll_published', locale, sent[0]!.params);
      expect(`${text.subject}${text.body}`).not.toMatch(/\{\w+\}/);
      expect(text.body).toContain('食堂满意度调查');
    }
    expect(new Set(sent.map((n) => n.userId))).toEqual(
      new Set([...w.members.map((m) => m.user.id), w.later.userId]),
    );
    expect(await auditActions(id)).toEqual(['poll.created', 'poll.published']);
    expect((await w.officer.patch(`/api/polls/${id}`, { title: 'x' })).json().code).toBe(
      'poll.invalid_state',
    );
    expect((await w.officer.post(`/api/polls/${id}/publish`)).json().code).toBe('poll.invalid_state');
  });

  it('members see it in their list; others get 404', async () => {
    const list = (await w.members[0]!.client.get('/api/my/polls')).json().items;
    expect(list.map((p: { id: string }) => p.id)).toContain(id);
    const view = (await w.members[0]!.client.get(`/api/my/polls/${id}`)).json();
    expect(view).toMatchObject({ anonymous: true, phase: 'open', responded: false, resultsAvailable: false });
    for (const c of [w.retained, w.outsider, w.noRecord]) {
      expect((await c.get(`/api/my/polls/${id}`)).statusCode).toBe(404);
      expect((await c.post(`/api/my/polls/${id}/response`, answers())).statusCode).toBe(404);
      expect((await c.get('/api/my/polls')).json().items).toEqual([]);
    }
  });

  it.each([
    [
      'unknown question',
      { answers: [...answers().answers, { questionId: 'nope', text: 'x' }] },
      'poll.unknown_question',
    ],
    ['missing required', answers({ lunch: null }), 'poll.answer_required'],
    ['wrong field for single', answers({ lunch: { choices: ['good'] } }), 'poll.invalid_answer'],
    ['unknown single option', answers({ lunch: { choice: 'meh' } }), 'poll.invalid_choice'],
    ['repeated multiple option', answers({ dishes: { choices: ['rice', 'rice'] } }), 'poll.invalid_choice'],
    ['too many choices', answers({ dishes: { choices: ['rice', 'noodle', 'bun'] } }), 'poll.choice_count'],
    ['too long text', answers({ ideas: { text: 'x'.repeat(21) } }), 'poll.text_too_long'],
    ['rating above scale', answers({ score: { rating: 6 } }), 'poll.rating_out_of_range'],
    ['rating zero', answers({ score: { rating: 0 } }), 'poll.rating_out_of_range'],
    ['incomplete ranking', answers({ chef: { ranking: ['zhang', 'li'] } }), 'poll.invalid_ranking'],
    ['duplicate ranking', answers({ chef: { ranking: ['zhang', 'zhang', 'li'] } }), 'poll.invalid_ranking'],
    ['unknown ranked option', answers({ chef: { ranking: ['zhang', 'li', 'x'] } }), 'poll.invalid_ranking'],
  ])('refuses an answer with %s', async (_name, body, code) => {
    const r = await w.members[0]!.client.post(`/api/my/polls/${id}/response`, body);
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe(code);
  });

  it('accepts one response; a second is 409; an optional question may be skipped', async () => {
    const c = w.members[0]!.client;
    expect((await c.post(`/api/my/polls/${id}/response`, answers())).json()).toEqual({ ok: true });
    const again = await c.post(`/api/my/polls/${id}/response`, answers());
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('poll.already_responded');
    const m2 = await w.members[1]!.client.post(`/api/my/polls/${id}/response`, answers({ ideas: null }));
    expect(m2.statusCode).toBe(200);
    expect((await c.get(`/api/my/polls/${id}`)).json()).toMatchObject({
      responded: true,
      resultsAvailable: true,
    });
  });

  it('concurrent submissions by one member store exactly one response', async () => {
    const c = w.members[3]!.client;
    const results = await Promise.all(
      Array.from({ length: 6 }, () => c.post(`/api/my/polls/${id}/response`, answers())),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 409, 409, 409, 409, 409]);
    const n = await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM poll_responded WHERE poll_id = ${id} AND member_id = ${w.members[3]!.memberId}`.execute(
      ctx.deps.db,
    );
    expect(Number(n.rows[0]!.n)).toBe(1);
    const total = await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM poll_responses WHERE poll_id = ${id}`.execute(ctx.deps.db);
    expect(Number(total.rows[0]!.n)).toBe(3);
  });

  it('a member retained after publishing is refused', async () => {
    await sql`UPDATE members SET status = 'retained' WHERE id = ${w.later.memberId}`.execute(ctx.deps.db);
    const r = await w.later.client.post(`/api/my/polls/${id}/response`, answers());
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('poll.not_eligible');
  });

  it('anonymous rows hold no member, name or time; the mark rows hold the members', async () => {
    const rows = await sql<
      Record<string, unknown>
    >`SELECT * FROM poll_responses WHERE poll_id = ${id}`.execute(ctx.deps.db);
    expect(rows.rows).toHaveLength(3);
    for (const r of rows.rows) {
      expect(r).toMatchObject({
        anonymous: true,
        member_id: null,
        respondent_name: null,
        submitted_at: null,
      });
    }
    const cols = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns WHERE table_name = 'poll_answers'`.execute(
      ctx.deps.db,
    );
    expect(cols.rows.map((c) => c.column_name).sort()).toEqual(
      ['choices', 'poll_id', 'question_id', 'rating', 'ranking', 'response_id', 'text_value'].sort(),
    );
    const marks = await sql<{
      member_id: string;
    }>`SELECT member_id FROM poll_responded WHERE poll_id = ${id}`.execute(ctx.deps.db);
    expect(marks.rows.map((m) => m.member_id).sort()).toEqual(
      [w.members[0]!.memberId, w.members[1]!.memberId, w.members[3]!.memberId].sort(),
    );
    // the database refuses a member link on an anonymous row
    await expect(
      sql`INSERT INTO poll_responses (poll_id, anonymous, member_id) VALUES (${id}, true, ${w.members[4]!.memberId})`.execute(
        ctx.deps.db,
      ),
    ).rejects.toThrow(/check constraint/);
  });

  it('closes: audited, answering refused, closing twice is 409', async () => {
    const r = await w.officer.post(`/api/polls/${id}/close`);
    expect(r.json()).toMatchObject({ status: 'closed', phase: 'closed' });
    expect(await auditActions(id)).toEqual(['poll.created', 'poll.published', 'poll.closed']);
    const late = await w.members[4]!.client.post(`/api/my/polls/${id}/response`, answers());
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('poll.not_open');
    expect((await w.officer.post(`/api/polls/${id}/close`)).json().code).toBe('poll.invalid_state');
  });
});

describe('times and audience', () => {
  it('a scheduled poll opens at opensAt and ends at closesAt without a close', async () => {
    const now = ctx.clock.now().getTime();
    const id = await publishedPoll(ctx, w, {
      opensAt: new Date(now + 10 * MIN).toISOString(),
      closesAt: new Date(now + 20 * MIN).toISOString(),
    });
    const c = w.members[2]!.client;
    expect((await c.get(`/api/my/polls/${id}`)).json().phase).toBe('scheduled');
    expect((await c.post(`/api/my/polls/${id}/response`, answers())).json().code).toBe('poll.not_open');
    ctx.clock.advance(11 * MIN);
    expect((await c.post(`/api/my/polls/${id}/response`, answers())).statusCode).toBe(200);
    ctx.clock.advance(10 * MIN);
    expect((await c.get(`/api/my/polls/${id}`)).json().phase).toBe('closed');
    expect((await w.members[4]!.client.post(`/api/my/polls/${id}/response`, answers())).json().code).toBe(
      'poll.not_open',
    );
  });

  it('a branch poll targets only that subtree; an empty subtree cannot be published', async () => {
    const r = await w.branchOfficer.post('/api/polls', pollBody(ctx, w.branch2.id));
    expect(r.statusCode).toBe(404);
    const own = (await w.branchOfficer.post('/api/polls', pollBody(ctx, w.branch1.id))).json();
    const pub = await w.branchOfficer.post(`/api/polls/${own.id}/publish`);
    expect(pub.json().audience).toBe(3); // m1-m3 ("later" is retained by now)
    expect((await w.members[3]!.client.get(`/api/my/polls/${own.id}`)).statusCode).toBe(404);
    const empty = await w.officer.post('/api/orgs', { parentId: w.union.id, name: '空小组', kind: 'group' });
    const e = (await w.officer.post('/api/polls', pollBody(ctx, empty.json().id))).json();
    const res = await w.officer.post(`/api/polls/${e.id}/publish`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('poll.empty_audience');
  });

  it('a plain member cannot list or create', async () => {
    expect((await w.members[0]!.client.get('/api/polls')).statusCode).toBe(403);
    expect((await w.members[0]!.client.post('/api/polls', pollBody(ctx, w.union.id))).statusCode).toBe(404);
  });
});
