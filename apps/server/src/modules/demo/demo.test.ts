import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';
import { hashPassword } from '../../kernel/auth/passwords.js';
import { BUILTIN_ROLES } from '../../kernel/auth/permissions.js';
import { createTree, createUser, loginAs } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { identityRepoForSeeding } from '../identity/index.js';
import { DEMO_PASSWORDS, planDemo, seedDemo } from './index.js';
import { chineseName, seededRng } from './names.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await buildTestApp();
});
afterAll(() => ctx.close());

const count = async (query: ReturnType<typeof sql<{ n: number }>>) =>
  Number((await query.execute(ctx.deps.db)).rows[0]!.n);

describe('demo plan', () => {
  it('is a pure function of the seed', () => {
    expect(planDemo(7)).toEqual(planDemo(7));
    expect(planDemo(7).members.map((m) => m.displayName)).not.toEqual(
      planDemo(8).members.map((m) => m.displayName),
    );
  });

  it('has realistic Chinese names and a sensible shape', () => {
    const rng = seededRng(1);
    const names = Array.from({ length: 500 }, () => chineseName(rng));
    expect(names.every((n) => /^[\u4e00-\u9fff]{2,4}$/.test(n))).toBe(true);
    expect(new Set(names).size).toBeGreaterThan(400);
    const plan = planDemo();
    expect(plan.members).toHaveLength(2000);
    expect(new Set(plan.members.map((m) => m.username)).size).toBe(2000);
    expect(plan.tree.filter((o) => o.kind === 'grassroots')).toHaveLength(3);
    for (const u of ['jx', 'yy', 'kj']) {
      const branches = plan.tree.filter((o) => o.kind === 'branch' && o.parentKey === u);
      expect(branches.length).toBeGreaterThanOrEqual(2);
      expect(branches.length).toBeLessThanOrEqual(4);
      for (const b of branches) {
        const groups = plan.tree.filter((o) => o.parentKey === b.key).length;
        expect(groups).toBeGreaterThanOrEqual(2);
        expect(groups).toBeLessThanOrEqual(3);
      }
    }
    const roles = new Set(plan.officers.flatMap((o) => o.grants.map((g) => g.role)));
    expect([...roles].sort()).toEqual(Object.keys(BUILTIN_ROLES).sort());
  });
});

describe('seedDemo', () => {
  it('seeds an empty database in one go, with officers who sign in with TOTP and see only their subtree', async () => {
    const lines: string[] = [];
    const result = await seedDemo(ctx.deps, (m) => lines.push(m));
    expect(result.status).toBe('seeded');
    // A few seconds on an idle machine; generous here because CI machines are shared.
    expect(result.elapsedMs).toBeLessThan(45_000);

    expect(
      await count(
        sql`SELECT count(*) AS n FROM users u WHERE NOT EXISTS (SELECT 1 FROM grants g WHERE g.user_id = u.id)`,
      ),
    ).toBe(2000);
    expect(await count(sql`SELECT count(*) AS n FROM orgs WHERE kind = 'grassroots'`)).toBe(3);
    expect(await count(sql`SELECT count(*) AS n FROM orgs WHERE kind = 'industrial'`)).toBe(1);
    expect(await count(sql`SELECT count(*) AS n FROM orgs`)).toBe(result.counts.orgs);
    // Every member belongs to a group or a branch.
    expect(
      await count(sql`SELECT count(*) AS n FROM users u JOIN orgs o ON o.id = u.org_id
                      WHERE o.kind NOT IN ('group', 'branch') AND NOT EXISTS (SELECT 1 FROM grants g WHERE g.user_id = u.id)`),
    ).toBe(0);
    const perRole = await sql<{ role_key: string; n: number }>`
      SELECT role_key, count(*)::int AS n FROM grants GROUP BY role_key`.execute(ctx.deps.db);
    const roles = Object.fromEntries(perRole.rows.map((r) => [r.role_key, r.n]));
    expect(roles).toMatchObject({
      admin: 1,
      chair: 4,
      vice_chair: 3,
      finance_officer: 3,
      women_committee: 3,
      auditor: 3,
    });
    expect(roles.security_admin).toBe(3);
    expect(roles.case_handler).toBe(11);
    expect(roles.group_leader).toBe(27);
    expect(roles.scrutineer).toBe(3);
    expect(roles.observer).toBe(1);
    // Every officer has MFA enrolled; secrets and phones are stored encrypted.
    expect(
      await count(
        sql`SELECT count(*) AS n FROM users u JOIN grants g ON g.user_id = u.id WHERE NOT u.mfa_enabled OR u.mfa_secret_enc IS NULL`,
      ),
    ).toBe(0);
    const phones = await count(
      sql`SELECT count(*) AS n FROM users WHERE phone_enc IS NOT NULL AND phone_bidx IS NOT NULL`,
    );
    expect(phones).toBeGreaterThan(1300);
    const sample = planDemo().members.find((m) => m.phone)!;
    const row = await ctx.deps.db
      .selectFrom('users')
      .select(['phone_enc', 'phone_bidx'])
      .where('username', '=', sample.username)
      .executeTakeFirstOrThrow();
    expect(row.phone_enc!.toString('latin1')).not.toContain(sample.phone);
    expect(await ctx.deps.cipher.decrypt('users.phone', row.phone_enc!)).toBe(sample.phone);
    expect(row.phone_bidx).toBe(ctx.deps.cipher.blindIndex('users.phone', sample.phone!));

    // Audited: the org nodes one by one, the accounts as one summary row.
    expect(await count(sql`SELECT count(*) AS n FROM audit_log WHERE action = 'org.created'`)).toBe(
      result.counts.orgs,
    );
    const seeded = await sql<{
      details: Record<string, number>;
    }>`SELECT details FROM audit_log WHERE action = 'demo.seeded'`.execute(ctx.deps.db);
    expect(seeded.rows).toHaveLength(1);
    expect(seeded.rows[0]!.details).toMatchObject({ members: 2000, officers: result.counts.officers });

    // The printout lists officers with a current code and some members.
    const out = lines.join('\n');
    expect(out).toContain('jx.chair');
    expect(out).toContain(DEMO_PASSWORDS.officer);
    expect(out).toMatch(/m00001/);

    const chair = result.officers.find((o) => o.username === 'jx.chair')!;
    const client = await loginAs(ctx, {
      id: '',
      username: chair.username,
      password: chair.password,
      totpSecret: chair.totpSecret,
    });
    const orgs = await client.get('/api/orgs');
    expect(orgs.statusCode, orgs.body).toBe(200);
    const names: string[] = orgs.json().items.map((o: { name: string }) => o.name);
    expect(names[0]).toBe('示例机械制造有限公司工会');
    expect(names).toHaveLength(1 + 4 + 10);
    expect(names).not.toContain('示例市总工会');
    expect(names).not.toContain('示例市第一人民医院工会');

    const admin = result.officers.find((o) => o.username === 'admin')!;
    const adminClient = await loginAs(ctx, {
      id: '',
      username: 'admin',
      password: admin.password,
      totpSecret: admin.totpSecret,
    });
    expect((await adminClient.get('/api/orgs')).json().items).toHaveLength(result.counts.orgs);

    const member = await loginAs(ctx, { id: '', username: 'm00001', password: DEMO_PASSWORDS.member });
    expect((await member.get('/api/me')).json().user.displayName).toBe(planDemo().members[0]!.displayName);
    expect((await member.get('/api/orgs')).statusCode).toBe(403);
  }, 120_000);

  it('a second call writes nothing and shows the existing logins again', async () => {
    const users = await count(sql`SELECT count(*) AS n FROM users`);
    const audit = await count(sql`SELECT count(*) AS n FROM audit_log`);
    const lines: string[] = [];
    const again = await seedDemo(ctx.deps, (m) => lines.push(m));
    expect(again.status).toBe('already_seeded');
    expect(again.officers.find((o) => o.username === 'jx.chair')?.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await count(sql`SELECT count(*) AS n FROM users`)).toBe(users);
    expect(await count(sql`SELECT count(*) AS n FROM audit_log`)).toBe(audit);
    expect(lines.join('\n')).toContain('already exists');
  });

  it('never prints secrets once the demo administrator no longer has the published password', async () => {
    const admin = await ctx.deps.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    await identityRepoForSeeding(ctx.deps.db).updateUser(admin.id, {
      password_hash: await hashPassword('A-private-passphrase-9'),
    });
    const lines: string[] = [];
    const r = await seedDemo(ctx.deps, (m) => lines.push(m));
    expect(r).toMatchObject({ status: 'database_in_use', officers: [] });
    expect(lines.join('\n')).not.toMatch(/[A-Z2-7]{32}/);
  });

  it('leaves a database that is in use alone', async () => {
    const other = await buildTestApp();
    try {
      const { union } = await createTree(other);
      await createUser(other, { username: 'real.user', org: union });
      const lines: string[] = [];
      const r = await seedDemo(other.deps, (m) => lines.push(m));
      expect(r.status).toBe('database_in_use');
      expect(await other.deps.db.selectFrom('users').select('id').execute()).toHaveLength(1);
      expect(lines.join('\n')).toContain('already has accounts');
    } finally {
      await other.close();
    }
  });

  it('is refused in production by the configuration check', () => {
    const env = {
      NODE_ENV: 'production',
      UNIONHALL_DEMO: '1',
      UNIONHALL_MASTER_KEY: 'ab'.repeat(32),
      PUBLIC_ORIGIN: 'https://union.example.org',
    };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([
        'production mode refuses demo data (--demo / UNIONHALL_DEMO)',
      ]);
    }
    expect(() => loadConfig({ ...env, UNIONHALL_DEMO: undefined }, ['--demo'])).toThrow(/refuses demo data/);
    expect(loadConfig({ ...env, UNIONHALL_DEMO: undefined }).demo).toBe(false);
  });
});
