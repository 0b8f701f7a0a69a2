/**
 * The audit table is append-only at the database level and hash-chained; verification finds a changed,
 * a removed and two swapped rows (SECURITY.md "Audit"). Tampering uses a superuser connection with the
 * append-only triggers switched off, as an attacker with database access would.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../testing/client.js';
import { createTree, createUser, loginAs } from '../testing/fixtures.js';
import { uniqueIp } from '../testing/net.js';
import { buildTestApp, type TestContext } from '../testing/test-app.js';
import { verifyAuditChain } from './audit.js';

let ctx: TestContext;
let admin: TestClient;
let branchAuditor: TestClient;
let count = 0;

beforeAll(async () => {
  ctx = await buildTestApp();
  const tree = await createTree(ctx);
  admin = await loginAs(
    ctx,
    await createUser(ctx, { username: 'chain_admin', org: tree.root, roles: ['admin'] }),
    uniqueIp(),
  );
  branchAuditor = await loginAs(
    ctx,
    await createUser(ctx, { username: 'chain_auditor', org: tree.branch1, roles: ['auditor'] }),
    uniqueIp(),
  );
  for (let i = 0; i < 4; i++)
    await admin.post('/api/orgs', { parentId: tree.branch1.id, name: `链${i}`, kind: 'group' });
  count = Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM audit_log`.execute(ctx.deps.db)).rows[0]!.n,
  );
});
afterAll(() => ctx.close());

/** Runs statements with the append-only triggers off, in one transaction. */
async function tamper(...statements: string[]) {
  const client = new pg.Client({ connectionString: ctx.dbUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    for (const s of statements) await client.query(s);
    await client.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

const rowAt = async (seq: number) =>
  (await sql<Record<string, unknown>>`SELECT * FROM audit_log WHERE seq = ${seq}`.execute(ctx.deps.db))
    .rows[0]!;
const literal = (v: unknown) =>
  v === null
    ? 'NULL'
    : `'${(v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v)).replace(/'/g, "''")}'`;

describe('append-only at the database level', () => {
  it('UPDATE, DELETE and TRUNCATE of audit_log are refused', async () => {
    await expect(sql`UPDATE audit_log SET action = 'x' WHERE seq = 1`.execute(ctx.deps.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_log WHERE seq = 1`.execute(ctx.deps.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`TRUNCATE audit_log`.execute(ctx.deps.db)).rejects.toThrow(/append-only/);
    await expect(ctx.deps.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    expect(
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit_log`.execute(ctx.deps.db)).rows[0]!.n),
    ).toBeGreaterThanOrEqual(count);
  });
});

describe('chain verification', () => {
  it('an intact chain verifies, through the API too', async () => {
    expect(await verifyAuditChain(ctx.deps.db)).toMatchObject({ ok: true });
    const res = await admin.post('/api/audit/verify');
    expect(res.statusCode).toBe(200);
    expect(res.json().ok).toBe(true);
    expect(res.json().checked).toBeGreaterThanOrEqual(count);
  });

  it('only root-level auditors may verify the whole chain', async () => {
    expect((await branchAuditor.post('/api/audit/verify')).statusCode).toBe(403);
  });

  it('detects a changed row', async () => {
    const target = 3;
    const original = await rowAt(target);
    await tamper(`UPDATE audit_log SET details = '{"name":"forged"}' WHERE seq = ${target}`);
    expect(await verifyAuditChain(ctx.deps.db)).toMatchObject({
      ok: false,
      firstBadSeq: target,
      reason: 'row content changed',
    });
    const api = (await admin.post('/api/audit/verify')).json();
    expect(api).toMatchObject({ ok: false, firstBadSeq: target });

    await tamper(`UPDATE audit_log SET details = ${literal(original.details)} WHERE seq = ${target}`);
    expect(await verifyAuditChain(ctx.deps.db)).toMatchObject({ ok: true });
    // A changed timestamp or actor address is a changed row too.
    await tamper(`UPDATE audit_log SET actor_ip = '10.66.66.66' WHERE seq = ${target}`);
    expect(await verifyAuditChain(ctx.deps.db)).toMatchObject({ ok: false, firstBadSeq: target });
    await tamper(`UPDATE audit_log SET actor_ip = ${literal(original.actor_ip)} WHERE seq = ${target}`);
    expect(await verifyAuditChain(ctx.deps.db)).toMatchObject({ ok: true });
  });

  it('detects a removed row', async () => {
    const target = 4;
    const r = await rowAt(target);
    await tamper(`DELETE FROM audit_log WHERE seq = ${target}`);
    expect(await verifyAuditChain(ctx.deps.db)).toMatchObject({
      ok: false,
      firstBadSeq: target,
      reason: 'missing row',
    });
    const cols = Object.keys(r);
    await tamper(
      `INSERT INTO audit_log (${cols.join(', ')}) VALUES (${cols.map((c) => literal(r[c])).join(', ')})`,
    );
    expect(await verifyAuditChain(ctx.deps.db)).toMatchObject({ ok: true });
  });

  it('detects two swapped rows', async () => {
    const a = 5;
    const b = 6;
    const swap = [
      `UPDATE audit_log SET seq = -1 WHERE seq = ${a}`,
      `UPDATE audit_log SET seq = ${a} WHERE seq = ${b}`,
      `UPDATE audit_log SET seq = ${b} WHERE seq = -1`,
    ];
    await tamper(...swap);
    expect(await verifyAuditChain(ctx.deps.db)).toMatchObject({
      ok: false,
      firstBadSeq: a,
      reason: 'broken link',
    });
    await tamper(...swap);
    expect(await verifyAuditChain(ctx.deps.db)).toMatchObject({ ok: true });
  });

  it('detects a forged row whose own hash was recomputed (the next link breaks)', async () => {
    const target = 3;
    const original = await rowAt(target);
    await tamper(`UPDATE audit_log SET hash = repeat('a', 64) WHERE seq = ${target}`);
    const result = await verifyAuditChain(ctx.deps.db);
    expect(result.ok).toBe(false);
    await tamper(`UPDATE audit_log SET hash = ${literal(original.hash)} WHERE seq = ${target}`);
    expect(await verifyAuditChain(ctx.deps.db)).toMatchObject({ ok: true });
  });

  // Removing the newest rows leaves a shorter, still consistent chain: detecting it needs the head hash
  // anchored outside the database (see the report of the security test suite).
  it.todo('detects removal of the newest rows');
});
