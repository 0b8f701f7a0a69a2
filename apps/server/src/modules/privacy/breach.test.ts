/**
 * Breach incident workflow (PIPL 57, GDPR 33): affected members computed from the audit trail with its
 * integrity verified, the 72-hour clock from discovery on a fake clock, the regulator notice with every
 * required element in zh-CN and en, member notices sent exactly once, the status flow audited, access by
 * org subtree. Real PostgreSQL through HTTP.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { insertMemberRow } from '../../kernel/testing/member-fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import type { OrgRow } from '../orgs/index.js';
import { remindBreachDeadlines } from './breach.jobs.js';

const H = 3_600_000;
let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let sec1: TestClient;
let sec2: TestClient;
let auditor1: TestClient;
let rogueC: TestClient;
let plain: TestClient;
const u: Record<string, TestUser> = {};
const m: Record<string, string> = {};
/** Start of the incident's window: the seeded rows lie around it. */
let T0: Date;
const seqOf: Record<string, number> = {};

type Detail = {
  id: string;
  status: string;
  deadline: { deadlineAt: string; msLeft: number; overdue: boolean; notifiedLate: boolean };
  snapshot: null | {
    chain: { ok: boolean; firstBadSeq?: number; checked: number };
    totals: {
      members: number;
      withAccount: number;
      offline: number;
      events: number;
      byCategory: Record<string, number>;
      unresolved: { action: string; reason: string; events: number; rows: number }[];
      outsideScope: number;
    };
    notices: { account: number; offline: number; notified: number };
  };
  missing: { regulator: string[]; members: string[] };
  abilities: Record<string, boolean>;
  history: { action: string; details: Record<string, unknown> }[];
};

const COMPLETE = {
  description: '一车间干部账号被盗用，攻击者查看了部分会员的联系方式和证件号。',
  cause: '干部账号密码在外部网站泄露后被撞库登录（账号 rogue）。',
  categories: ['identity', 'id_number', 'phone', 'address'],
  consequences: '可能被用于电信诈骗或冒用身份办理业务。',
  measuresTaken: '已停用该账号、强制全体干部重置密码，并对查看记录逐条核查。',
  memberMeasures: '警惕自称工会或银行的来电；如发现证件被冒用，请及时向公安机关报案。',
  contact: '工会个人信息保护负责人 张敏，电话 010-12345678，邮箱 privacy@union.example',
};

async function seed(key: string, entry: Parameters<typeof recordAudit>[1], at: Date) {
  await ctx.deps.db.transaction().execute((trx) => recordAudit(trx, entry, at));
  const r = await sql<{ seq: string }>`SELECT max(seq)::text AS seq FROM audit_log`.execute(ctx.deps.db);
  seqOf[key] = Number(r.rows[0]!.seq);
}

async function open(c: TestClient, org: OrgRow, extra: Record<string, unknown> = {}) {
  const res = await c.post('/api/privacy/breaches', { orgId: org.id, title: '干部账号被盗用', ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Detail;
}

const detail = async (c: TestClient, id: string) => {
  const res = await c.get(`/api/privacy/breaches/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Detail;
};

async function compute(c: TestClient, id: string, body: Record<string, unknown>) {
  return c.post(`/api/privacy/breaches/${id}/compute`, body);
}

const rogueScope = () => ({
  from: T0.toISOString(),
  to: new Date(ctx.clock.now().getTime() + H).toISOString(),
  actorIds: [u.rogue!.id],
});

async function affected(c: TestClient, id: string, channel?: string) {
  const res = await c.get(
    `/api/privacy/breaches/${id}/members?pageSize=200${channel ? `&channel=${channel}` : ''}`,
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    items: {
      memberId: string;
      memberNo: string;
      nameMasked: string;
      channel: string;
      events: number;
      categories: string[];
      notifiedAt: string | null;
    }[];
    total: number;
  };
}

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
  u.sec1 = await createUser(ctx, { username: 'br_sec1', org: tree.branch1, roles: ['security_admin'] });
  u.sec2 = await createUser(ctx, { username: 'br_sec2', org: tree.branch2, roles: ['security_admin'] });
  u.auditor1 = await createUser(ctx, { username: 'br_aud1', org: tree.branch1, roles: ['auditor'] });
  u.rogue = await createUser(ctx, { username: 'br_rogue', org: tree.union, roles: ['chair'] });
  u.honest = await createUser(ctx, { username: 'br_honest', org: tree.branch1, roles: ['chair'] });
  for (const k of ['a', 'c', 'd', 'e', 'plain'])
    u[k] = await createUser(ctx, {
      username: `br_member_${k}`,
      org: k === 'c' ? tree.branch2 : tree.branch1,
    });
  m.A = await insertMemberRow(ctx, { user: u.a!, org: tree.branch1, union: tree.union });
  m.B = await insertMemberRow(ctx, { user: null, org: tree.branch1, union: tree.union });
  m.C = await insertMemberRow(ctx, { user: u.c!, org: tree.branch2, union: tree.union });
  m.D = await insertMemberRow(ctx, { user: u.d!, org: tree.branch1, union: tree.union });
  m.E = await insertMemberRow(ctx, { user: u.e!, org: tree.branch1, union: tree.union });
  await ctx.deps.db.updateTable('members').set({ name: '欧阳春花' }).where('id', '=', m.A!).execute();
  sec1 = await loginAs(ctx, u.sec1);
  sec2 = await loginAs(ctx, u.sec2);
  auditor1 = await loginAs(ctx, u.auditor1);
  rogueC = await loginAs(ctx, u.rogue);
  plain = await loginAs(ctx, u.plain!);

  // The trail: the compromised account `rogue` (a union chair) inside the window reveals member A and
  // edits member B (no account); reveals C in branch 2; an export of 120 rows. Outside the window it
  // reveals E; another officer reveals D inside it.
  T0 = new Date(ctx.clock.now().getTime() - 10 * H);
  const at = (min: number) => new Date(T0.getTime() + min * 60_000);
  const reveal = (target: string, org: OrgRow, actor: string, fields: string[]) => ({
    actorId: actor,
    action: 'pii.revealed',
    targetType: 'member',
    targetId: target,
    orgId: org.id,
    details: { fields, reason: '核实' },
  });
  await seed('revealA', reveal(m.A!, tree.branch1, u.rogue.id, ['phone', 'idNumber']), at(30));
  await seed(
    'updateB',
    {
      actorId: u.rogue.id,
      action: 'member.updated',
      targetType: 'member',
      targetId: m.B!,
      orgId: tree.branch1.id,
      details: { fields: ['address'] },
    },
    at(60),
  );
  await seed('revealC', reveal(m.C!, tree.branch2, u.rogue.id, ['phone']), at(40));
  await seed('revealD', reveal(m.D!, tree.branch1, u.honest.id, ['phone']), at(50));
  await seed('revealE', reveal(m.E!, tree.branch1, u.rogue.id, ['phone']), at(-60));
  await seed(
    'export',
    {
      actorId: u.rogue.id,
      action: 'member.exported',
      targetType: 'member',
      details: { format: 'csv', rows: 120, filter: {}, revealed: ['phone'] },
    },
    at(70),
  );
  // and one real reveal through the members API (the e-mail needs no consent)
  const real = await rogueC.post(`/api/members/${m.A}/reveal`, { fields: ['email'], reason: '核对邮箱' });
  expect(real.statusCode, real.body).toBe(200);
});
afterAll(() => ctx.close());

describe('opening an incident and the 72-hour clock', () => {
  it("takes the union's published protection officer as the contact (PIPL 52)", async () => {
    await sql`INSERT INTO privacy_officer_contacts (union_id, name, title, phone, email, updated_at, updated_by)
      VALUES (${tree.union.id}, '张敏', '个人信息保护负责人', '010-12345678', 'privacy@union.example',
              ${ctx.clock.now()}, ${u.sec1!.id})`.execute(ctx.deps.db);
    const d = (await open(sec1, tree.branch1)) as Detail & { contact: string };
    expect(d.contact).toBe('张敏（个人信息保护负责人） · 010-12345678 · privacy@union.example');
    await sql`DELETE FROM privacy_officer_contacts WHERE union_id = ${tree.union.id}`.execute(ctx.deps.db);
  });

  it('defaults discovery to now, accepts an earlier time, refuses a future one', async () => {
    const now = ctx.clock.now();
    const d = await open(sec1, tree.branch1);
    expect(Date.parse(d.deadline.deadlineAt)).toBe(now.getTime() + 72 * H);
    expect(d.status).toBe('open');
    expect((d as Detail & { contact: string }).contact).toBe('');
    const future = await sec1.post('/api/privacy/breaches', {
      orgId: tree.branch1.id,
      title: 'x',
      discoveredAt: new Date(now.getTime() + 60_000).toISOString(),
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().code).toBe('privacy.breach_future_time');
  });

  it('deadline = discovered + 72 h; overdue once the fake clock passes it, on detail and list', async () => {
    const discovered = new Date(ctx.clock.now().getTime() - 71 * H);
    const d = await open(sec1, tree.branch1, { discoveredAt: discovered.toISOString(), title: '时钟测试' });
    expect(d.deadline.deadlineAt).toBe(new Date(discovered.getTime() + 72 * H).toISOString());
    expect(d.deadline.overdue).toBe(false);
    expect(d.deadline.msLeft).toBeGreaterThan(59 * 60_000);
    expect(d.deadline.msLeft).toBeLessThanOrEqual(H);
    ctx.clock.advance(2 * H);
    const again = await loginAs(ctx, u.sec1); // the idle session ended with the two hours
    const later = await detail(again, d.id);
    expect(later.deadline.overdue).toBe(true);
    expect(later.deadline.msLeft).toBeLessThan(-59 * 60_000);
    const list = (await again.get('/api/privacy/breaches')).json() as { items: Detail[] };
    expect(list.items.find((i) => i.id === d.id)!.deadline.overdue).toBe(true);
    sec1 = again;
    sec2 = await loginAs(ctx, u.sec2);
    auditor1 = await loginAs(ctx, u.auditor1);
    plain = await loginAs(ctx, u.plain!);
  });
});

describe('affected members from the audit trail', () => {
  let id: string;
  beforeAll(async () => {
    id = (await open(sec1, tree.branch1)).id;
  });

  it('lists exactly the members the compromised account reached inside the window and the branch', async () => {
    const res = await compute(sec1, id, rogueScope());
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json() as Detail;
    const t = d.snapshot!.totals;
    expect(d.snapshot!.chain.ok).toBe(true);
    expect(t).toMatchObject({ members: 2, withAccount: 1, offline: 1, events: 3, outsideScope: 1 });
    expect(t.byCategory).toMatchObject({ identity: 2, id_number: 1, phone: 1, email: 1, address: 1 });
    expect(t.unresolved).toEqual([
      { action: 'member.exported', reason: 'bulk', events: 1, rows: 120, categories: expect.any(Array) },
    ]);
    const list = await affected(sec1, id);
    expect(list.items.map((i) => i.memberId).sort()).toEqual([m.A, m.B].sort());
    const a = list.items.find((i) => i.memberId === m.A)!;
    expect(a).toMatchObject({ channel: 'account', events: 2 });
    expect(a.categories).toEqual(['identity', 'id_number', 'phone', 'email']);
    expect(a.nameMasked).toBe('欧***');
    expect(JSON.stringify(list)).not.toContain('欧阳春花');
    expect(list.items.find((i) => i.memberId === m.B)!.channel).toBe('offline');
    for (const x of [m.C, m.D, m.E]) expect(JSON.stringify(list)).not.toContain(x);
    const offline = await affected(sec1, id, 'offline');
    expect(offline.items.map((i) => i.memberId)).toEqual([m.B]);
  });

  it('narrows by audit action and by another actor; the snapshot is replaced and each run audited', async () => {
    const byAction = (
      await compute(sec1, id, { ...rogueScope(), actions: ['pii.revealed'] })
    ).json() as Detail;
    expect(byAction.snapshot!.totals.members).toBe(1);
    expect((await affected(sec1, id)).items.map((i) => i.memberId)).toEqual([m.A]);
    const honest = (await compute(sec1, id, { ...rogueScope(), actorIds: [u.honest!.id] })).json() as Detail;
    expect((await affected(sec1, id)).items.map((i) => i.memberId)).toEqual([m.D]);
    expect(honest.history.filter((h) => h.action === 'privacy.breach_computed')).toHaveLength(3);
    expect(honest.history.at(-1)!.details).toMatchObject({ recomputed: true, members: 1, chainOk: true });
    // the whole trail of the window, any actor: E (outside the window) never
    await compute(sec1, id, { from: T0.toISOString(), to: rogueScope().to });
    const all = (await affected(sec1, id)).items.map((i) => i.memberId).sort();
    expect(all).toEqual([m.A, m.B, m.D].sort());
  });

  it('refuses a scope node outside the incident and an empty window', async () => {
    const outside = await compute(sec1, id, { ...rogueScope(), orgId: tree.branch2.id });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().code).toBe('privacy.breach_scope_outside');
    const empty = await compute(sec1, id, { ...rogueScope(), to: T0.toISOString() });
    expect(empty.json().code).toBe('privacy.breach_bad_window');
  });

  it('reports a tampered audit trail as broken, and as whole again once repaired', async () => {
    const seq = seqOf.revealD!;
    const tamper = async (reason: string) => {
      const client = new pg.Client({ connectionString: ctx.dbUrl });
      await client.connect();
      try {
        await client.query('BEGIN');
        await client.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
        await client.query(
          `UPDATE audit_log SET details = jsonb_set(details, '{reason}', to_jsonb($1::text)) WHERE seq = $2`,
          [reason, seq],
        );
        await client.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
        await client.query('COMMIT');
      } finally {
        await client.end();
      }
    };
    await tamper('改写');
    const broken = (await compute(sec1, id, rogueScope())).json() as Detail;
    expect(broken.snapshot!.chain).toMatchObject({ ok: false, firstBadSeq: seq });
    expect(broken.history.at(-1)!.details).toMatchObject({ chainOk: false, firstBadSeq: seq });
    await tamper('核实');
    const fine = (await compute(sec1, id, rogueScope())).json() as Detail;
    expect(fine.snapshot!.chain.ok).toBe(true);
  });
});

describe('notices', () => {
  let id: string;
  beforeAll(async () => {
    id = (await open(sec1, tree.branch1, { title: '会员信息泄露' })).id;
  });

  it('refuses the regulator notice and the member notices while required fields are empty, naming them', async () => {
    const r = await sec1.get(`/api/privacy/breaches/${id}/regulator-notice?lang=zh-CN`);
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('privacy.breach_incomplete');
    expect(r.json().details.missing).toEqual([
      'description',
      'cause',
      'categories',
      'consequences',
      'measuresTaken',
      'memberMeasures',
      'contact',
      'affectedMembers',
    ]);
    const n = await sec1.post(`/api/privacy/breaches/${id}/notify-members`);
    expect(n.statusCode).toBe(422);
    const reg = await sec1.post(`/api/privacy/breaches/${id}/notify-regulator`, { authority: '市网信办' });
    expect(reg.statusCode).toBe(422);
    await sec1.patch(`/api/privacy/breaches/${id}`, { cause: COMPLETE.cause, contact: COMPLETE.contact });
    const still = await sec1.get(`/api/privacy/breaches/${id}/regulator-notice`);
    expect(still.json().details.missing).not.toContain('cause');
    expect(still.json().details.missing).toContain('description');
  });

  it('the regulator notice holds every PIPL 57 and GDPR 33(3) element, in zh-CN and en', async () => {
    expect((await sec1.patch(`/api/privacy/breaches/${id}`, COMPLETE)).statusCode).toBe(200);
    expect((await compute(sec1, id, rogueScope())).statusCode).toBe(200);
    const zh = (await sec1.get(`/api/privacy/breaches/${id}/regulator-notice?lang=zh-CN`)).json();
    expect(zh.fileName).toMatch(/^breach-report-\d{8}-[0-9a-f]{8}-zh-CN\.md$/);
    for (const part of [
      COMPLETE.description,
      COMPLETE.cause,
      COMPLETE.consequences,
      COMPLETE.measuresTaken,
      COMPLETE.memberMeasures,
      COMPLETE.contact,
      '身份证件号码',
      '住址',
      '约 2 人',
      '1 次批量导出，共约 120 条记录',
      '72 小时',
      '立即',
      '第五十七条',
      '审计日志完整性校验：通过',
      '报告单位：第一机械厂工会 一车间分工会',
    ])
      expect(zh.text).toContain(part);
    const en = (await sec1.get(`/api/privacy/breaches/${id}/regulator-notice?lang=en`)).json();
    for (const part of [
      COMPLETE.cause,
      COMPLETE.contact,
      'ID document number',
      'home address',
      'approx. 2',
      '3 logged operations',
      'approx. 120 records',
      'Likely consequences',
      'Measures taken or proposed',
      'Contact point',
      'GDPR art. 33(3)(a)',
      'within 72 hours',
      'PIPL art. 57',
    ])
      expect(en.text).toContain(part);
    expect(en.text).not.toContain('欧阳春花');
  });

  it('after the 72 hours the notice also needs the reasons for the delay', async () => {
    const late = await open(sec1, tree.branch1, {
      title: '迟报事件',
      discoveredAt: new Date(ctx.clock.now().getTime() - 80 * H).toISOString(),
    });
    await sec1.patch(`/api/privacy/breaches/${late.id}`, COMPLETE);
    await compute(sec1, late.id, rogueScope());
    const r = await sec1.get(`/api/privacy/breaches/${late.id}/regulator-notice`);
    expect(r.json().details.missing).toEqual(['delayReason']);
    await sec1.patch(`/api/privacy/breaches/${late.id}`, { delayReason: '事件在周末发现，核查日志耗时。' });
    const ok = (await sec1.get(`/api/privacy/breaches/${late.id}/regulator-notice`)).json();
    expect(ok.text).toContain('逾期原因');
  });

  it('member notices go once to each affected member with an account, even when sent twice at once', async () => {
    const before = ctx.notifier.sent.length;
    const [r1, r2] = await Promise.all([
      sec1.post(`/api/privacy/breaches/${id}/notify-members`),
      sec1.post(`/api/privacy/breaches/${id}/notify-members`),
    ]);
    const r3 = await sec1.post(`/api/privacy/breaches/${id}/notify-members`);
    for (const r of [r1, r2, r3]) expect(r.statusCode, r.body).toBe(200);
    const results = [r1, r2, r3].map((r) => r.json());
    expect(results.reduce((s, x) => s + x.sent, 0)).toBe(1);
    expect(r3.json()).toEqual({ sent: 0, alreadyNotified: 1, offline: 1 });
    const notices = ctx.notifier.sent.slice(before).filter((n) => n.template === 'privacy_breach_notice');
    expect(notices.map((n) => n.userId)).toEqual([u.a!.id]);
    expect(notices[0]!.params).toMatchObject({
      what: COMPLETE.description,
      cause: COMPLETE.cause,
      consequences: COMPLETE.consequences,
      measures: COMPLETE.measuresTaken,
      memberMeasures: COMPLETE.memberMeasures,
      contact: COMPLETE.contact,
    });
    expect(String(notices[0]!.params.categoriesZh)).toContain('身份证件号码');
    expect(String(notices[0]!.params.categoriesEn)).toContain('mobile phone number');
    const d = await detail(sec1, id);
    expect(d.history.filter((h) => h.action === 'privacy.breach_members_notified')).toHaveLength(3);
    expect(d.snapshot!.notices).toEqual({ account: 1, offline: 1, notified: 1 });
    const list = await affected(sec1, id);
    expect(list.items.find((i) => i.memberId === m.A)!.notifiedAt).not.toBeNull();
    expect(list.items.find((i) => i.memberId === m.B)!.notifiedAt).toBeNull();
  });

  it('the snapshot is frozen once members were notified', async () => {
    const r = await compute(sec1, id, rogueScope());
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('privacy.breach_frozen');
    expect((await affected(sec1, id)).total).toBe(2);
  });
});

describe('status flow', () => {
  it('open → contained → notified → closed, each step audited, no step back or skipped', async () => {
    const d0 = await open(sec1, tree.branch1, { title: '状态流转' });
    const id = d0.id;
    const step = (path: string, body?: unknown) => sec1.post(`/api/privacy/breaches/${id}/${path}`, body);
    expect((await step('close', {})).json().code).toBe('privacy.breach_invalid_state');
    expect((await step('contain')).statusCode).toBe(200);
    expect((await step('contain')).json().code).toBe('privacy.breach_invalid_state');
    await sec1.patch(`/api/privacy/breaches/${id}`, COMPLETE);
    await compute(sec1, id, rogueScope());
    const notified = await step('notify-regulator', { authority: '北京市网信办', reference: 'BJ-2026-001' });
    expect(notified.statusCode, notified.body).toBe(200);
    expect(notified.json()).toMatchObject({ status: 'notified', regulatorAuthority: '北京市网信办' });
    expect((await compute(sec1, id, rogueScope())).json().code).toBe('privacy.breach_frozen');
    expect((await step('notify-regulator', { authority: '再次' })).statusCode).toBe(409);
    const noReason = await step('close', {});
    expect(noReason.statusCode).toBe(409);
    expect(noReason.json().code).toBe('privacy.breach_notice_required');
    const closed = await step('close', {
      noMemberNoticeReason:
        '泄露数据已加密且密钥未泄露，采取的措施能够有效避免危害，依第五十七条不通知个人。',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const d = closed.json() as Detail & { noMemberNoticeReason: string };
    expect(d.status).toBe('closed');
    expect(d.noMemberNoticeReason).toContain('有效避免危害');
    expect(d.history.map((h) => h.action)).toEqual([
      'privacy.breach_opened',
      'privacy.breach_contained',
      'privacy.breach_updated',
      'privacy.breach_computed',
      'privacy.breach_regulator_notified',
      'privacy.breach_closed',
    ]);
    expect((await sec1.patch(`/api/privacy/breaches/${id}`, { cause: 'x' })).statusCode).toBe(409);
    expect(d.abilities).toEqual({
      manage: true,
      edit: false,
      contain: false,
      compute: false,
      notifyRegulator: false,
      notifyMembers: false,
      close: false,
    });
  });
});

describe('access', () => {
  let id: string;
  beforeAll(async () => {
    id = (await open(sec1, tree.branch1, { title: '一车间事件' })).id;
  });

  it("a security officer of branch 2 neither sees nor acts on branch 1's incident", async () => {
    expect((await sec2.get(`/api/privacy/breaches/${id}`)).statusCode).toBe(404);
    expect((await sec2.patch(`/api/privacy/breaches/${id}`, { cause: 'x' })).statusCode).toBe(404);
    expect((await compute(sec2, id, rogueScope())).statusCode).toBe(404);
    expect((await sec2.get(`/api/privacy/breaches/${id}/members`)).statusCode).toBe(404);
    expect((await sec2.post(`/api/privacy/breaches/${id}/notify-members`)).statusCode).toBe(404);
    const list = await sec2.get('/api/privacy/breaches');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(id);
    expect(
      (await sec2.post('/api/privacy/breaches', { orgId: tree.branch1.id, title: 'x' })).statusCode,
    ).toBe(404);
  });

  it('an auditor of branch 1 may view but not act; a plain member gets nothing', async () => {
    const d = await detail(auditor1, id);
    expect(d.abilities).toMatchObject({ manage: false, compute: false, notifyMembers: false });
    expect((await auditor1.patch(`/api/privacy/breaches/${id}`, { cause: 'x' })).statusCode).toBe(403);
    expect((await compute(auditor1, id, rogueScope())).statusCode).toBe(403);
    expect((await auditor1.get('/api/privacy/breaches')).body).toContain(id);
    expect((await plain.get('/api/privacy/breaches')).statusCode).toBe(403);
    expect((await plain.get(`/api/privacy/breaches/${id}`)).statusCode).toBe(404);
    expect((await plain.post(`/api/privacy/breaches/${id}/contain`)).statusCode).toBe(404);
  });
});

describe('deadline reminders (job)', () => {
  it('reminds the managers once at 24 h left and once when overdue; never after the report', async () => {
    const discovered = new Date(ctx.clock.now().getTime() - 1000);
    const d = await open(sec1, tree.branch1, { title: '提醒测试', discoveredAt: discovered.toISOString() });
    const reported = await open(sec1, tree.branch1, {
      title: '已报告',
      discoveredAt: discovered.toISOString(),
    });
    await sec1.patch(`/api/privacy/breaches/${reported.id}`, COMPLETE);
    await compute(sec1, reported.id, rogueScope());
    expect(
      (await sec1.post(`/api/privacy/breaches/${reported.id}/notify-regulator`, { authority: '网信办' }))
        .statusCode,
    ).toBe(200);
    const mine = (template: string, breachId: string) =>
      ctx.notifier.sent.filter((n) => n.template === template && String(n.params.link).endsWith(breachId));
    const at = (h: number) => new Date(discovered.getTime() + h * H);

    await remindBreachDeadlines(ctx.deps, at(47.9));
    expect(mine('privacy_breach_due_soon', d.id)).toHaveLength(0);
    await remindBreachDeadlines(ctx.deps, at(48.1));
    const due = mine('privacy_breach_due_soon', d.id);
    expect(due.map((n) => n.userId)).toEqual([u.sec1!.id]); // not the auditor, not branch 2
    await remindBreachDeadlines(ctx.deps, at(60));
    expect(mine('privacy_breach_due_soon', d.id)).toHaveLength(1);
    await remindBreachDeadlines(ctx.deps, at(72.1));
    await remindBreachDeadlines(ctx.deps, at(90));
    expect(mine('privacy_breach_overdue', d.id).map((n) => n.userId)).toEqual([u.sec1!.id]);
    expect(mine('privacy_breach_due_soon', reported.id)).toHaveLength(0);
    expect(mine('privacy_breach_overdue', reported.id)).toHaveLength(0);
    const h = (await detail(sec1, d.id)).history.filter((x) => x.action === 'privacy.breach_reminder_sent');
    expect(h.map((x) => x.details.kind)).toEqual(['due', 'overdue']);
  });

  it('a corrected discovery time moves the deadline and makes its reminder due again', async () => {
    const now = ctx.clock.now();
    const e = await open(sec1, tree.branch1, {
      title: '更正发现时间',
      discoveredAt: new Date(now.getTime() - 50 * H).toISOString(),
    });
    const mine = () =>
      ctx.notifier.sent.filter(
        (n) => n.template === 'privacy_breach_due_soon' && String(n.params.link).endsWith(e.id),
      );
    await remindBreachDeadlines(ctx.deps, now);
    expect(mine()).toHaveLength(1);
    const later = new Date(now.getTime() - 30 * H);
    const moved = await sec1.patch(`/api/privacy/breaches/${e.id}`, { discoveredAt: later.toISOString() });
    expect(moved.json().deadline.deadlineAt).toBe(new Date(later.getTime() + 72 * H).toISOString());
    expect((moved.json() as Detail).history.at(-1)!.details.discoveredAt).toEqual({
      from: new Date(now.getTime() - 50 * H).toISOString(),
      to: later.toISOString(),
    });
    await remindBreachDeadlines(ctx.deps, now);
    expect(mine()).toHaveLength(1);
    await remindBreachDeadlines(ctx.deps, new Date(now.getTime() + 18.1 * H));
    expect(mine()).toHaveLength(2);
  });
});
