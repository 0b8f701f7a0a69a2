/**
 * Cross-site request forgery (SECURITY.md "Authentication and sessions"): state-changing requests need
 * the session's x-csrf-token and a same-site origin, and no GET route changes state.
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../testing/client.js';
import { changedTables, snapshotTables } from '../testing/db-snapshot.js';
import { createTree, createUser, loginAs, PASSWORD } from '../testing/fixtures.js';
import { uniqueIp } from '../testing/net.js';
import { fillPath, routeKey, routeSchemas, sampleFor } from '../testing/route-schemas.js';
import { buildTestApp, type TestContext } from '../testing/test-app.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let admin: TestClient;
let adminId: string;

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
  const a = await createUser(ctx, { username: 'csrf_admin', org: tree.root, roles: ['admin'] });
  adminId = a.id;
  admin = await loginAs(ctx, a, uniqueIp());
});
afterAll(() => ctx.close());

async function signedInMember() {
  const user = await createUser(ctx, {
    username: `csrf_member_${Math.random().toString(36).slice(2, 8)}`,
    org: tree.branch1,
  });
  return loginAs(ctx, user, uniqueIp());
}

const send = (
  client: TestClient,
  method: InjectOptions['method'],
  url: string,
  body: unknown,
  headers: Record<string, string>,
) =>
  ctx.app.inject({
    method,
    url,
    remoteAddress: client.ip,
    headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...headers },
    payload: body as InjectOptions['payload'],
  });

describe('CSRF defence', () => {
  it('a state-changing request without x-csrf-token is refused and changes nothing', async () => {
    const client = await signedInMember();
    const res = await send(client, 'POST', '/api/auth/logout', {}, {});
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('auth.csrf_failed');
    expect((await client.get('/api/me')).statusCode).toBe(200);
  });

  it("a wrong token, or another session's token, is refused", async () => {
    const client = await signedInMember();
    const other = await signedInMember();
    for (const token of ['x', client.csrf!.slice(0, -1), other.csrf!]) {
      const res = await send(
        client,
        'POST',
        '/api/orgs',
        { parentId: tree.branch1.id, name: 'X', kind: 'group' },
        { 'x-csrf-token': token },
      );
      expect(res.statusCode, token).toBe(403);
      expect(res.json().code).toBe('auth.csrf_failed');
    }
  });

  it('a cross-site Origin is refused even with the right token', async () => {
    for (const origin of ['https://evil.example', 'null', `${ctx.deps.config.publicOrigin}.evil.example`]) {
      const res = await send(
        admin,
        'POST',
        '/api/orgs',
        { parentId: tree.branch1.id, name: '跨站', kind: 'group' },
        {
          'x-csrf-token': admin.csrf!,
          origin,
        },
      );
      expect(res.statusCode, origin).toBe(403);
      expect(res.json().code).toBe('auth.csrf_failed');
    }
    const fetchSite = await send(
      admin,
      'PATCH',
      `/api/orgs/${tree.branch1.id}`,
      { name: '跨站' },
      {
        'x-csrf-token': admin.csrf!,
        'sec-fetch-site': 'cross-site',
      },
    );
    expect(fetchSite.statusCode).toBe(403);
    const row = await ctx.deps.db
      .selectFrom('orgs')
      .select('name')
      .where('id', '=', tree.branch1.id)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe(tree.branch1.name);
  });

  it('the configured origin with the right token is accepted', async () => {
    const res = await send(
      admin,
      'PATCH',
      `/api/orgs/${tree.branch2.id}`,
      { name: '二车间分工会' },
      {
        'x-csrf-token': admin.csrf!,
        origin: ctx.deps.config.publicOrigin,
        'content-type': 'application/json',
      },
    );
    expect(res.statusCode, res.body).toBe(200);
  });

  it('sign-in from a cross-site page is refused (login CSRF)', async () => {
    const user = await createUser(ctx, { username: 'csrf_login', org: tree.branch1 });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: uniqueIp(),
      headers: { origin: 'https://evil.example' },
      payload: { username: user.username, password: PASSWORD },
    });
    expect(res.statusCode).toBe(403);
    expect(res.cookies.some((c) => c.name === '__Host-uh_session')).toBe(false);
  });
});

describe('GET requests', () => {
  it('no GET route changes any table (audit log included), for an administrator', async () => {
    const member = await createUser(ctx, { username: 'csrf_subject', org: tree.branch1 });
    const schemas = routeSchemas(ctx.app);
    const gets = ctx.app.routeTable.filter((r) => r.method === 'GET');
    expect(gets.length).toBeGreaterThan(5);
    const idFor = [tree.root.id, tree.branch1.id, adminId, member.id];
    const before = await snapshotTables(ctx.deps.db);
    const lastSeq =
      (
        await ctx.deps.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.max('seq').as('m'))
          .executeTakeFirstOrThrow()
      ).m ?? 0;
    const statuses: string[] = [];
    for (const r of gets) {
      const query = sampleFor(schemas.get(routeKey(r))?.query, () => tree.branch1.id) as
        | Record<string, unknown>
        | undefined;
      const qs = query
        ? `?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]))}`
        : '';
      for (const id of r.params.length ? idFor : ['']) {
        const res = await admin.get(`${fillPath(r, () => id)}${qs}`);
        statuses.push(`${routeKey(r)} ${res.statusCode}`);
      }
    }
    // The sweep reached real handlers, not just errors.
    expect(statuses.filter((s) => s.endsWith(' 200')).length).toBeGreaterThan(gets.length / 2);
    // Refused authorisations are security events that must be logged (SECURITY.md "Audit"), and so is
    // taking personal data out (an export or a receipt download is audited when it is served); nothing
    // else may be written.
    const after = await snapshotTables(ctx.deps.db);
    expect(changedTables(before, after).filter((t) => t !== 'audit_log')).toEqual([]);
    const added = await ctx.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('seq', '>', lastSeq)
      .execute();
    const readAudits = new Set([
      'access.denied',
      'case.exported',
      'payment.receipt_downloaded',
      'poll.exported',
      'privacy.exported',
      'privacy.register_exported',
    ]);
    expect(added.filter((r) => !readAudits.has(r.action))).toEqual([]);
  });
});
