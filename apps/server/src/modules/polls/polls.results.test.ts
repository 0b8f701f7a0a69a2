/**
 * Results, visibility and export against PostgreSQL (docs/polls.md): counts, rating distribution,
 * IRV/STV through the API, response rates per org, names only for managers on named polls, CSV and
 * XLSX content and the export audit.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { answers, buildPollWorld, type PollWorld, pollBody, publishedPoll } from './polls-fixtures.test.js';

let ctx: TestContext;
let w: PollWorld;

beforeAll(async () => {
  ctx = await buildTestApp();
  w = await buildPollWorld(ctx, 'pr');
}, 60_000);
afterAll(async () => {
  await ctx?.close();
});

const stvQuestion = {
  id: 'board',
  kind: 'ranked',
  title: '理事',
  method: 'stv',
  seats: 2,
  rankLimit: 2,
  options: [
    { id: 'a', label: '甲' },
    { id: 'b', label: '乙' },
    { id: 'c', label: '丙' },
  ],
};

describe('named poll results', () => {
  let id: string;

  it('collects answers from three members', async () => {
    const base = pollBody(ctx, w.union.id);
    id = await publishedPoll(ctx, w, {
      anonymous: false,
      resultsVisibility: 'after_close',
      questions: [...base.questions, stvQuestion],
    });
    const send = (i: number, over: Parameters<typeof answers>[0], board: string[]) => {
      const body = answers(over);
      body.answers.push({ questionId: 'board', ranking: board } as never);
      return w.members[i]!.client.post(`/api/my/polls/${id}/response`, body);
    };
    expect((await send(0, {}, ['a', 'b'])).statusCode).toBe(200);
    expect(
      (
        await send(
          1,
          {
            lunch: { choice: 'bad' },
            dishes: { choices: ['rice', 'bun'] },
            score: { rating: 2 },
            chef: { ranking: ['li', 'zhang', 'wang'] },
          },
          ['a', 'c'],
        )
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await send(3, { ideas: { text: '=HYPERLINK("x")' }, chef: { ranking: ['li', 'wang', 'zhang'] } }, [
          'b',
        ])
      ).statusCode,
    ).toBe(200);
    const ranked = await w.members[4]!.client.post(`/api/my/polls/${id}/response`, {
      answers: [...answers().answers, { questionId: 'board', ranking: ['a', 'b', 'c'] }],
    });
    expect(ranked.json()).toMatchObject({ code: 'poll.invalid_ranking', details: { problem: 'too_many' } });
  });

  it('managers get counts, distribution, mean, IRV/STV and per-org rates', async () => {
    const r = (await w.officer.get(`/api/polls/${id}/results`)).json();
    expect(r).toMatchObject({ audience: 6, responses: 3, rate: 0.5, anonymous: false });
    const q = Object.fromEntries(r.questions.map((x: { questionId: string }) => [x.questionId, x]));
    expect(q.lunch.options).toEqual([
      { id: 'good', label: '好', count: 2 },
      { id: 'bad', label: '差', count: 1 },
    ]);
    expect(q.dishes.options.map((o: { count: number }) => o.count)).toEqual([3, 0, 1]);
    expect(q.score).toMatchObject({ answered: 3, distribution: [0, 1, 0, 2, 0], mean: 3.33 });
    expect(q.ideas.answered).toBe(3);
    // chef: zhang 1, li 2 first preferences: li has a majority in round 1
    expect(q.chef.irv.winner).toBe('li');
    expect(q.chef.firstPreferences.map((o: { count: number }) => o.count)).toEqual([1, 2, 0]);
    // board (2 seats, 3 ballots, quota 2): a reaches the quota first
    expect(q.board.stv).toMatchObject({ seats: 2, quota: 2, valid: 3 });
    expect(q.board.stv.elected[0]).toBe('a');
    expect(q.board.stv.elected).toHaveLength(2);
    expect(q.board.stv.rounds[0]).toMatchObject({
      action: 'elect',
      elected: ['a'],
      exactTallies: { a: '2', b: '1', c: '0' },
      tallies: { a: 2, b: 1, c: 0 },
    });
    expect(q.chef.irv.rounds).toEqual([
      {
        round: 1,
        tallies: { zhang: 1, li: 2, wang: 0 },
        continuing: 3,
        exhausted: 0,
        eliminated: null,
        tieBreak: null,
        winner: 'li',
      },
    ]);
    const b1 = r.orgs.find((o: { orgId: string }) => o.orgId === w.branch1.id);
    const b2 = r.orgs.find((o: { orgId: string }) => o.orgId === w.branch2.id);
    expect(b1).toMatchObject({ targeted: 4, responded: 2, rate: 0.5 });
    expect(b2).toMatchObject({ targeted: 2, responded: 1, rate: 0.5 });
  });

  it('free text: managers see names on named polls, paged', async () => {
    const page = (await w.officer.get(`/api/polls/${id}/text-answers?questionId=ideas&pageSize=2`)).json();
    expect(page.total).toBe(3);
    expect(page.items).toHaveLength(2);
    expect(page.items[0].respondent).toMatch(/^pr_m/);
    expect(page.items[0].at).toBeTruthy();
    const p2 = (
      await w.officer.get(`/api/polls/${id}/text-answers?questionId=ideas&pageSize=2&page=2`)
    ).json();
    expect(p2.items).toHaveLength(1);
    const bad = await w.officer.get(`/api/polls/${id}/text-answers?questionId=lunch`);
    expect(bad.json().code).toBe('poll.unknown_question');
  });

  it('members see results only after close, without names or org rates', async () => {
    const c = w.members[0]!.client;
    const early = await c.get(`/api/my/polls/${id}/results`);
    expect(early.statusCode).toBe(403);
    expect(early.json().code).toBe('poll.results_not_visible');
    expect((await c.get(`/api/my/polls/${id}/text-answers?questionId=ideas`)).statusCode).toBe(403);
    await w.officer.post(`/api/polls/${id}/close`);
    const r = (await c.get(`/api/my/polls/${id}/results`)).json();
    expect(r.orgs).toEqual([]);
    expect(r.responses).toBe(3);
    const t = (await c.get(`/api/my/polls/${id}/text-answers?questionId=ideas`)).json();
    expect(t.items).toHaveLength(3);
    for (const item of t.items) expect(Object.keys(item)).toEqual(['text']);
    // a member who never answered also sees them once closed; an outsider does not
    expect((await w.members[2]!.client.get(`/api/my/polls/${id}/results`)).statusCode).toBe(200);
    expect((await w.outsider.get(`/api/my/polls/${id}/results`)).statusCode).toBe(404);
  });

  it('exports CSV with names (formula-safe) and audits it', async () => {
    const r = await w.officer.get(`/api/polls/${id}/export?format=csv`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    expect(r.headers['content-disposition']).toMatch(/attachment; filename="poll-.*\.csv"/);
    const lines = r.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('#,答卷人 Respondent,提交时间 Submitted,午餐,喜欢的菜,建议,评分,厨师,理事');
    expect(lines).toHaveLength(4);
    expect(r.body).toContain('差,米饭; 包子');
    expect(r.body).toContain('李 > 张 > 王');
    expect(r.body).toContain(`"'=HYPERLINK(""x"")"`);
    expect(r.body).toMatch(/pr_m1/);
    const audit = await sql<{ action: string; details: { format: string; rows: number } }>`
      SELECT action, details FROM audit_log WHERE target_id = ${id} AND action = 'poll.exported'`.execute(
      ctx.deps.db,
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.details).toMatchObject({ format: 'csv', rows: 3 });
  });

  it('exports XLSX with a responses and a summary sheet', async () => {
    const r = await w.officer.get(`/api/polls/${id}/export?format=xlsx`);
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const responses = wb.getWorksheet('Responses')!;
    expect(responses.rowCount).toBe(4);
    expect(responses.getRow(1).getCell(4).value).toBe('午餐');
    const summary = wb.getWorksheet('Summary')!;
    const rows = summary
      .getSheetValues()
      .filter(Boolean)
      .map((v) => (v as unknown[]).slice(1));
    expect(rows).toContainEqual(['午餐', '好', 2]);
    expect(rows).toContainEqual(['评分', '平均 Mean', 3.33]);
    expect(rows).toContainEqual(['厨师', '当选 Elected', '李']);
  });
});

describe('anonymous poll results and visibility', () => {
  it('anonymous: no names anywhere, export without respondent columns', async () => {
    const id = await publishedPoll(ctx, w, { anonymous: true, resultsVisibility: 'after_response' });
    await w.members[0]!.client.post(`/api/my/polls/${id}/response`, answers());
    const c = w.members[0]!.client;
    expect((await c.get(`/api/my/polls/${id}/results`)).statusCode).toBe(200);
    expect((await w.members[1]!.client.get(`/api/my/polls/${id}/results`)).statusCode).toBe(403);
    const t = (await w.officer.get(`/api/polls/${id}/text-answers?questionId=ideas`)).json();
    expect(t.items).toEqual([{ text: '多些蔬菜' }]);
    const csv = (await w.officer.get(`/api/polls/${id}/export`)).body;
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('#,午餐,喜欢的菜,建议,评分,厨师');
    expect(csv).not.toMatch(/pr_m1/);
  });

  it('managers-only results stay hidden from members even after close; drafts cannot be exported', async () => {
    const id = await publishedPoll(ctx, w, { resultsVisibility: 'managers' });
    await w.members[0]!.client.post(`/api/my/polls/${id}/response`, answers());
    await w.officer.post(`/api/polls/${id}/close`);
    expect((await w.members[0]!.client.get(`/api/my/polls/${id}/results`)).statusCode).toBe(403);
    expect((await w.officer.get(`/api/polls/${id}/results`)).json().responses).toBe(1);
    const draft = (await w.officer.post('/api/polls', pollBody(ctx, w.union.id))).json();
    expect((await w.officer.get(`/api/polls/${draft.id}/export`)).json().code).toBe('poll.invalid_state');
  });
});
