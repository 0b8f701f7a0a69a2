/**
 * PIPL 52/55/17: the published contact of the personal-information protection officer (set by officers
 * holding security.admin on a union, audited, public without sign-in, inherited from the nearest
 * ancestor) and the register of processing activities (versioned, append-only history, validated,
 * review reminder, built-in activities derived from the configuration, audited export).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../../kernel/testing/client.js';
import { createOrg, createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import type { OrgRow } from '../orgs/index.js';
import { makeMember } from '../cases/case-fixtures.test.js';
import { realPaymentProvidersEnv } from '../payments/payments.scope-cases.test.js';
import { reviewCutoff } from './register.service.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let union2: OrgRow;
let fed: TestClient; // security_admin on the federation (root)
let u1: TestClient; // security_admin on union 1
let u1User: TestUser;
let u2: TestClient; // security_admin on union 2
let chair: TestClient; // chair of union 1: every permission but security.admin
let member: TestClient;
let anon: TestClient;

const CONTACT = {
  name: '王保护',
  title: '工会副主席、个人信息保护负责人',
  phone: '0571-88886666',
  email: 'dpo@union1.example.org',
  postalAddress: '杭州市滨江区示范路 1 号工会办公室',
};
const ENTRY = {
  name: '困难职工帮扶',
  purpose: '核实困难情况，发放帮扶金',
  legalBasis: 'hr_management',
  individuals: ['会员', '会员家属'],
  dataCategories: ['姓名', '家庭收入', '病历摘要'],
  sensitive: ['health', 'financial'],
  source: '会员本人申请',
  recipients: '上级工会帮扶中心',
  retention: '帮扶结束后 5 年',
  securityMeasures: '纸质材料锁柜保存；电子材料仅帮扶干部可见',
  responsible: '李干事',
};

const put = (c: TestClient, url: string, body: unknown) => c.request('PUT', url, body);
const auditRows = (action: string) =>
  ctx.deps.db
    .selectFrom('audit_log')
    .select(['actor_id', 'org_id', 'target_id', 'details'])
    .where('action', '=', action)
    .orderBy('seq')
    .execute();

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
  union2 = await createOrg(ctx, '第二纺织厂工会', 'grassroots', tree.root);
  const sa = (username: string, org: OrgRow) => createUser(ctx, { username, org, roles: ['security_admin'] });
  fed = await loginAs(ctx, await sa('rg_fed', tree.root));
  u1User = await sa('rg_u1', tree.union);
  u1 = await loginAs(ctx, u1User);
  u2 = await loginAs(ctx, await sa('rg_u2', union2));
  chair = await loginAs(
    ctx,
    await createUser(ctx, { username: 'rg_chair', org: tree.union, roles: ['chair'] }),
  );
  const m = await createUser(ctx, { username: 'rg_member', org: tree.branch1 });
  await makeMember(ctx, m, tree.branch1, tree.union);
  member = await loginAs(ctx, m);
  anon = new TestClient(ctx.app, '10.77.0.1');
});
afterAll(() => ctx.close());

describe('protection officer contact', () => {
  it('with none named anywhere, the public answer says so', async () => {
    const res = await anon.get(`/api/privacy-contact/${tree.union.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      union: { id: tree.union.id, name: tree.union.name },
      contact: null,
      source: null,
      updatedAt: null,
    });
    const officer = (await u1.get(`/api/privacy/unions/${tree.union.id}/contact`)).json();
    expect(officer.own).toBeNull();
    expect(officer.effective.contact).toBeNull();
  });

  it('an officer with security.admin sets and changes it; each change is audited by field name', async () => {
    const set = await put(u1, `/api/privacy/unions/${tree.union.id}/contact`, CONTACT);
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().own).toMatchObject({ ...CONTACT, updatedBy: 'rg_u1' });
    const changed = await put(u1, `/api/privacy/unions/${tree.union.id}/contact`, {
      ...CONTACT,
      title: '  个人信息保护负责人  ',
    });
    expect(changed.json().own.title).toBe('个人信息保护负责人');
    const rows = await auditRows('privacy.contact_set');
    expect(rows.map((r) => [r.org_id, r.details])).toEqual([
      [tree.union.id, { created: true, changed: ['name', 'title', 'phone', 'email', 'postalAddress'] }],
      [tree.union.id, { created: false, changed: ['title'] }],
    ]);
    // the audit trail names fields, it does not copy the phone number or the address
    expect(JSON.stringify(rows)).not.toContain(CONTACT.phone);
  });

  it('is public: no sign-in, only the published fields, and says it is the union’s own', async () => {
    const res = await anon.get(`/api/privacy-contact/${tree.union.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['contact', 'source', 'union', 'updatedAt']);
    expect(body.contact).toEqual({ ...CONTACT, title: '个人信息保护负责人' });
    expect(body.source).toEqual({ unionId: tree.union.id, unionName: tree.union.name, inherited: false });
    expect(res.body).not.toContain('rg_u1');
    expect(res.body).not.toContain('updatedBy');
  });

  it('a union without its own shows the nearest ancestor’s and names that union; clearing falls back', async () => {
    expect((await anon.get(`/api/privacy-contact/${union2.id}`)).json().contact).toBeNull();
    const fedContact = { ...CONTACT, name: '赵市总', email: 'dpo@city.example.org', postalAddress: null };
    expect((await put(fed, `/api/privacy/unions/${tree.root.id}/contact`, fedContact)).statusCode).toBe(200);
    const inherited = (await anon.get(`/api/privacy-contact/${union2.id}`)).json();
    expect(inherited.contact.name).toBe('赵市总');
    expect(inherited.source).toEqual({ unionId: tree.root.id, unionName: tree.root.name, inherited: true });
    // union 1 keeps its own
    expect((await anon.get(`/api/privacy-contact/${tree.union.id}`)).json().contact.name).toBe('王保护');
    // the installation's top-level contact, for the sign-in page
    const roots = (await anon.get('/api/privacy-contact')).json();
    expect(roots.items.map((i: { contact: { name: string } }) => i.contact.name)).toEqual(['赵市总']);
    // union 2's officer sees where theirs comes from
    const view = (await u2.get(`/api/privacy/unions/${union2.id}/contact`)).json();
    expect(view.own).toBeNull();
    expect(view.effective.source.inherited).toBe(true);
    // the federation officer removes union 2's own contact after setting one: it inherits again
    await put(fed, `/api/privacy/unions/${union2.id}/contact`, { ...CONTACT, name: '钱二厂' });
    expect((await anon.get(`/api/privacy-contact/${union2.id}`)).json().contact.name).toBe('钱二厂');
    const cleared = await fed.delete(`/api/privacy/unions/${union2.id}/contact`);
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json().effective.source.unionId).toBe(tree.root.id);
    expect((await auditRows('privacy.contact_cleared')).map((r) => r.org_id)).toEqual([union2.id]);
  });

  it('an unknown union, a branch or a closed union answers 404 like a missing one', async () => {
    const closed = await createOrg(ctx, '已撤销工会', 'grassroots', tree.root);
    await sql`UPDATE orgs SET status = 'closed', closed_at = now() WHERE id = ${closed.id}`.execute(
      ctx.deps.db,
    );
    for (const id of [randomUUID(), tree.branch1.id, closed.id]) {
      const res = await anon.get(`/api/privacy-contact/${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
    expect((await anon.get('/api/privacy-contact/not-a-uuid')).statusCode).toBe(400);
  });

  it('the member sees their own union’s contact; the route takes no id', async () => {
    const res = await member.get('/api/my/privacy-contact');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().union.id).toBe(tree.union.id);
    expect(res.json().contact.name).toBe('王保护');
    expect((await anon.get('/api/my/privacy-contact')).statusCode).toBe(401);
  });

  it('another union’s officer, a chair without security.admin and a member cannot edit it (404)', async () => {
    for (const c of [u2, chair, member]) {
      const res = await put(c, `/api/privacy/unions/${tree.union.id}/contact`, { ...CONTACT, name: '越权' });
      expect(res.statusCode, res.body).toBe(404);
      expect((await c.delete(`/api/privacy/unions/${tree.union.id}/contact`)).statusCode).toBe(404);
      expect((await c.get(`/api/privacy/unions/${tree.union.id}/contact`)).statusCode).toBe(404);
    }
    expect((await anon.get(`/api/privacy-contact/${tree.union.id}`)).json().contact.name).toBe('王保护');
  });

  it('bad input is a 4xx with a code', async () => {
    const url = `/api/privacy/unions/${tree.union.id}/contact`;
    const bad = async (body: object) => (await put(u1, url, { ...CONTACT, ...body })).json().code;
    expect(await bad({ email: 'not an address' })).toBe('validation_failed');
    expect(await bad({ phone: '电话号码' })).toBe('validation_failed');
    expect(await bad({ name: '   ' })).toBe('privacy.field_required');
    expect(await bad({ extra: 1 })).toBe('validation_failed');
    // a branch is part of its union's register, it has no contact of its own
    const branch = await put(u1, `/api/privacy/unions/${tree.branch1.id}/contact`, CONTACT);
    expect(branch.statusCode).toBe(400);
    expect(branch.json().code).toBe('privacy.not_a_union');
  });

  it('the public route is rate limited', async () => {
    const flood = new TestClient(ctx.app, '10.77.9.9');
    const codes: number[] = [];
    for (let i = 0; i < 32; i++)
      codes.push((await flood.get(`/api/privacy-contact/${tree.union.id}`)).statusCode);
    expect(codes.slice(0, 30).every((c) => c === 200)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });
});

describe('register of processing activities', () => {
  const base = () => `/api/privacy/unions/${tree.union.id}/register`;
  let entryId: string;

  it('a new entry is version 1; an edit is version 2 and the history keeps both unchanged', async () => {
    const created = await u1.post(base(), { ...ENTRY, changeNote: '新建' });
    expect(created.statusCode, created.body).toBe(201);
    const e = created.json();
    entryId = e.id;
    expect(e.version).toBe(1);
    expect(e.content).toMatchObject({ ...ENTRY, processors: [], reviewedOn: null, retired: false });
    const edited = await put(u1, `/api/privacy/register/${entryId}`, {
      ...ENTRY,
      retention: '帮扶结束后 3 年',
      processors: [
        {
          name: '某某云计算有限公司',
          role: 'entrusted',
          country: 'CN',
          crossBorder: false,
          contractRef: 'HT-2026-01',
        },
      ],
      baseVersion: 1,
      changeNote: '缩短保存期限，登记云服务商',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const detail = (await u1.get(`/api/privacy/register/${entryId}`)).json();
    expect(detail.version).toBe(2);
    expect(detail.history.map((h: { version: number }) => h.version)).toEqual([2, 1]);
    expect(detail.history[1].content.retention).toBe('帮扶结束后 5 年');
    expect(detail.history[1].changeNote).toBe('新建');
    expect(detail.history[0].content.retention).toBe('帮扶结束后 3 年');
    expect(detail.history[0].content.processors[0]).toMatchObject({
      name: '某某云计算有限公司',
      crossBorder: false,
    });
    expect(detail.history[0].createdBy).toBe('rg_u1');
    const audits = (await auditRows('privacy.activity_created')).concat(
      await auditRows('privacy.activity_updated'),
    );
    expect(audits.map((a) => [a.target_id, a.org_id])).toEqual([
      [entryId, tree.union.id],
      [entryId, tree.union.id],
    ]);
    expect(audits[1]!.details).toEqual({ version: 2, changed: ['processors', 'retention'] });
  });

  it('an edit based on an older version is refused (409), nothing is overwritten', async () => {
    const stale = await put(u1, `/api/privacy/register/${entryId}`, {
      ...ENTRY,
      name: '旧稿',
      baseVersion: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('privacy.register_stale');
    expect((await u1.get(`/api/privacy/register/${entryId}`)).json().content.name).toBe(ENTRY.name);
  });

  it('versions cannot be changed or deleted in the database', async () => {
    await expect(
      sql`UPDATE privacy_activity_versions SET change_note = 'x' WHERE activity_id = ${entryId}`.execute(
        ctx.deps.db,
      ),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql`DELETE FROM privacy_activity_versions WHERE activity_id = ${entryId}`.execute(ctx.deps.db),
    ).rejects.toThrow(/append-only/);
  });

  it('validation errors are 4xx with codes', async () => {
    const code = async (body: object) => {
      const res = await u1.post(base(), { ...ENTRY, ...body });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      return res.json().code;
    };
    const proc = (p: object) => ({
      processors: [{ name: '境外云', role: 'entrusted', crossBorder: true, ...p }],
    });
    expect(await code(proc({ transferMechanism: 'standard_contract' }))).toBe(
      'privacy.processor_country_required',
    );
    expect(await code(proc({ country: 'CN', transferMechanism: 'standard_contract' }))).toBe(
      'privacy.processor_country_mismatch',
    );
    expect(await code(proc({ country: 'SG' }))).toBe('privacy.transfer_mechanism_required');
    expect(await code(proc({ country: 'SG', crossBorder: false }))).toBe(
      'privacy.processor_country_mismatch',
    );
    expect(await code(proc({ country: 'sg', transferMechanism: 'standard_contract' }))).toBe(
      'validation_failed',
    );
    expect(await code({ name: '  ' })).toBe('privacy.field_required');
    expect(await code({ legalBasis: 'legitimate_interest' })).toBe('validation_failed');
    expect(await code({ sensitive: ['genetic'] })).toBe('validation_failed');
    expect(await code({ reviewedOn: '2026-02-30' })).toBe('privacy.review_date_invalid');
    expect(await code({ reviewedOn: '2999-01-01' })).toBe('privacy.review_date_invalid');
    // a correct cross-border processor is accepted
    const ok = await u1.post(base(), {
      ...ENTRY,
      name: '境外培训平台',
      ...proc({ country: 'SG', transferMechanism: 'standard_contract', contractRef: 'SCC-2026-7' }),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().content.processors[0]).toMatchObject({ country: 'SG', crossBorder: true });
  });

  it('another union’s officer, a chair without security.admin and a member cannot read or edit it (404)', async () => {
    for (const c of [u2, chair, member]) {
      expect((await c.get(base())).statusCode).toBe(404);
      expect((await c.post(base(), ENTRY)).statusCode).toBe(404);
      expect((await c.get(`/api/privacy/register/${entryId}`)).statusCode).toBe(404);
      const edit = await put(c, `/api/privacy/register/${entryId}`, {
        ...ENTRY,
        name: '越权',
        baseVersion: 2,
      });
      expect(edit.statusCode).toBe(404);
      expect((await c.post(`/api/privacy/register/${entryId}/review`, { baseVersion: 2 })).statusCode).toBe(
        404,
      );
      expect((await c.get(`${base()}/export`)).statusCode).toBe(404);
    }
    expect((await u1.get(`/api/privacy/register/${entryId}`)).json().version).toBe(2);
    // the federation's officer keeps the registers of the unions below it
    expect((await fed.get(`/api/privacy/register/${entryId}`)).statusCode).toBe(200);
    const unions = (await u1.get('/api/privacy/unions')).json().items;
    expect(unions.map((u: { id: string }) => u.id)).toEqual([tree.union.id]);
    expect((await member.get('/api/privacy/unions')).statusCode).toBe(403);
  });

  it('flags entries not reviewed for 12 months; "reviewed" adds a version with today’s date', async () => {
    const today = new Date(ctx.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const fresh = await u1.post(base(), { ...ENTRY, name: '会员慰问', reviewedOn: today });
    const id = fresh.json().id as string;
    const flags = async () =>
      Object.fromEntries(
        (await u1.get(base()))
          .json()
          .items.map((i: { id: string; reviewDue: boolean }) => [i.id, i.reviewDue]),
      );
    expect((await flags())[id]).toBe(false);
    expect((await flags())[entryId]).toBe(true); // never reviewed
    ctx.clock.advance(366 * 86_400_000);
    u1 = await loginAs(ctx, u1User); // the session has expired meanwhile
    expect((await flags())[id]).toBe(true);
    expect((await u1.get('/api/privacy/unions')).json().items[0].reviewDue).toBeGreaterThanOrEqual(2);
    const reviewed = await u1.post(`/api/privacy/register/${id}/review`, { baseVersion: 1 });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json().version).toBe(2);
    expect(reviewed.json().content.reviewedOn).toBe(
      new Date(ctx.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10),
    );
    expect(reviewed.json().history[1].content.reviewedOn).toBe(today);
    expect((await flags())[id]).toBe(false);
    expect((await auditRows('privacy.activity_reviewed')).map((r) => r.details)).toEqual([
      { version: 2, changed: ['reviewedOn'] },
    ]);
    // a retired activity needs no review
    const retired = await put(u1, `/api/privacy/register/${entryId}`, {
      ...ENTRY,
      retired: true,
      baseVersion: 2,
    });
    expect(retired.json().reviewDue).toBe(false);
  });

  it('the cut-off is the same calendar day a year earlier (China time), 29 February included', () => {
    expect(reviewCutoff(new Date('2026-06-15T04:00:00Z'))).toBe('2025-06-15');
    expect(reviewCutoff(new Date('2026-06-15T17:00:00Z'))).toBe('2025-06-16'); // already the 16th in China
    expect(reviewCutoff(new Date('2028-02-29T04:00:00Z'))).toBe('2027-02-28');
  });

  it('lists the fields still to complete', async () => {
    const r = await u1.post(base(), { name: '临时活动', purpose: '测试', legalBasis: 'consent' });
    expect(r.json().missing).toEqual([
      'individuals',
      'dataCategories',
      'source',
      'retention',
      'securityMeasures',
      'responsible',
    ]);
  });
});

describe('built-in activities', () => {
  const url = () => `/api/privacy/unions/${tree.union.id}/register`;
  type Builtin = {
    key: string;
    content: { processors: { name: string; contractRef: string }[]; retention: string };
    derivedFrom: string[];
    adoptedId: string | null;
  };

  it('with only the sandbox, no payment platform and no mail relay appears', async () => {
    const items: Builtin[] = (await u1.get(`${url()}/builtins`)).json().items;
    expect(items.map((i) => i.key)).toEqual([
      'membership',
      'dues_payments',
      'casework',
      'notifications',
      'accounts',
    ]);
    const dues = items.find((i) => i.key === 'dues_payments')!;
    expect(dues.content.processors).toEqual([]);
    expect(dues.derivedFrom).toContain('PAYMENT_PROVIDERS = sandbox');
    expect(items.find((i) => i.key === 'notifications')!.content.processors).toEqual([]);
    // retention periods come from the retention rules
    expect(items.find((i) => i.key === 'casework')!.content.retention).toContain('10 年');
    expect(items.find((i) => i.key === 'casework')!.derivedFrom).toContain(
      'RETENTION_RULES.closedCases = 3650 days',
    );
  });

  it('adopting one writes version 1, to be completed and reviewed; a second adoption is refused', async () => {
    const r = await u1.post(`${url()}/adopt`, { key: 'membership' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({
      version: 1,
      builtinKey: 'membership',
      reviewDue: true,
      missing: ['responsible'],
    });
    expect(r.json().content.sensitive).toEqual(['specific_identity']);
    const again = await u1.post(`${url()}/adopt`, { key: 'membership', lang: 'en' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('privacy.builtin_adopted');
    const items: Builtin[] = (await u1.get(`${url()}/builtins?lang=en`)).json().items;
    expect(items.find((i) => i.key === 'membership')!.adoptedId).toBe(r.json().id);
    const created = await auditRows('privacy.activity_created');
    expect(created.at(-1)!.details).toMatchObject({ version: 1, builtinKey: 'membership' });
  });

  it('with WeChat Pay, Alipay and SMTP configured, they appear as outside processors', async () => {
    const other = await buildTestApp({
      env: { ...realPaymentProvidersEnv(), SMTP_URL: 'smtp://mailer:S3cret-pw@smtp.mail.example.org:587' },
    });
    try {
      const root = await createOrg(other, '配置测试工会', 'grassroots', null);
      const admin = await loginAs(
        other,
        await createUser(other, { username: 'rg_cfg', org: root, roles: ['security_admin'] }),
      );
      const res = await admin.get(`/api/privacy/unions/${root.id}/register/builtins?lang=en`);
      expect(res.statusCode, res.body).toBe(200);
      const items: Builtin[] = res.json().items;
      const dues = items.find((i) => i.key === 'dues_payments')!;
      expect(dues.content.processors.map((p) => p.name)).toEqual([
        'Tenpay Payment Technology Co., Ltd. (WeChat Pay)',
        'Alipay (China) Network Technology Co., Ltd.',
      ]);
      expect(dues.content.processors[0]!.contractRef).toBe(
        `WeChat Pay merchant ID ${other.deps.config.payments.wechat!.mchid}`,
      );
      const mail = items.find((i) => i.key === 'notifications')!;
      expect(mail.content.processors.map((p) => p.name)).toEqual(['Mail relay smtp.mail.example.org']);
      expect(res.body).not.toContain('S3cret-pw');
      expect(res.body).not.toContain('mailer:');
    } finally {
      await other.close();
    }
  });
});

describe('export for a regulator', () => {
  const url = () => `/api/privacy/unions/${tree.union.id}/register/export`;

  it('CSV with Chinese headers, safe cells, audited', async () => {
    await u1.post(`/api/privacy/unions/${tree.union.id}/register`, { ...ENTRY, name: '=HYPERLINK("x")' });
    const res = await u1.get(`${url()}?format=csv&lang=zh-CN`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(
      /attachment; filename="processing-register-\d{8}\.csv"/,
    );
    expect(res.body.startsWith('\uFEFF版本,状态,处理活动,处理目的,合法性基础')).toBe(true);
    expect(res.body).toContain(ENTRY.name);
    expect(res.body).toContain('按照依法制定的劳动规章制度和依法签订的集体合同实施人力资源管理所必需');
    expect(res.body).toContain(`"'=HYPERLINK(""x"")"`);
    const audit = (await auditRows('privacy.register_exported')).at(-1)!;
    expect(audit.org_id).toBe(tree.union.id);
    expect(audit.details).toMatchObject({ format: 'csv', lang: 'zh-CN' });
    const entries = (await u1.get(`/api/privacy/unions/${tree.union.id}/register`)).json().items.length;
    expect(audit.details).toMatchObject({ entries });
  });

  it('Markdown in English with the officer’s contact and the processors', async () => {
    const res = await u1.get(`${url()}?format=md&lang=en`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/markdown');
    expect(res.body).toContain(`# ${tree.union.name} · Register of processing activities`);
    expect(res.body).toContain('- Name: 王保护');
    expect(res.body).toContain('| Legal basis | Necessary for human-resources management');
    expect(res.body).toContain(
      '- 境外云, Entrusted processor (PIPL 21), SG, contract SCC-2026-7, cross-border (Standard contract)',
    );
    expect((await auditRows('privacy.register_exported')).at(-1)!.details).toMatchObject({ format: 'md' });
  });
});
