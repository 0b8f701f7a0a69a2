import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAuditStandalone } from '../kernel/audit/audit.js';
import { buildTestApp, TEST_MASTER_KEY, type TestContext } from '../kernel/testing/test-app.js';
import { formatVerification, verifyAudit } from './audit.js';
import { captureIo, cliEnv } from './capture-io.js';
import { runCli } from './run.js';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await buildTestApp();
  for (let i = 1; i <= 6; i++) {
    await recordAuditStandalone(ctx.deps.db, { actorId: null, action: 'test.event', details: { i } });
  }
});
afterEach(() => ctx.close());

/** Runs SQL with the append-only triggers switched off, as only the table owner or a superuser can. */
async function tamper(...statements: ReturnType<typeof sql>[]) {
  await ctx.deps.db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(trx);
    for (const s of statements) await s.execute(trx);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update`.execute(trx);
  });
}

const env = () => cliEnv(ctx.dbUrl, TEST_MASTER_KEY);

describe('audit verify', () => {
  it('accepts an intact chain and reports its head hash', async () => {
    const progress: number[] = [];
    const r = await verifyAudit(ctx.deps, (n) => progress.push(n));
    const head = await ctx.deps.db
      .selectFrom('audit_log')
      .select('hash')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(r).toMatchObject({ ok: true, checked: 6, headHash: head.hash });
    expect(progress.at(-1)).toBe(6);
    expect(formatVerification(r)).toBe(`OK: 6 rows, head hash ${head.hash}`);
  });

  it('the database itself refuses to change a row', async () => {
    await expect(sql`UPDATE audit_log SET action = 'x' WHERE seq = 1`.execute(ctx.deps.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_log WHERE seq = 1`.execute(ctx.deps.db)).rejects.toThrow(
      /append-only/,
    );
  });

  it('detects a changed row', async () => {
    await tamper(sql`UPDATE audit_log SET details = '{"i": 99}' WHERE seq = 3`);
    const r = await verifyAudit(ctx.deps);
    expect(r).toMatchObject({ ok: false, firstBadSeq: 3, reason: 'row content changed' });
    expect(formatVerification(r)).toMatch(/^FAILED at seq 3: row content changed/);
  });

  it('detects a removed row', async () => {
    await tamper(sql`DELETE FROM audit_log WHERE seq = 4`);
    expect(await verifyAudit(ctx.deps)).toMatchObject({ ok: false, firstBadSeq: 4, reason: 'missing row' });
  });

  it('detects reordered rows', async () => {
    await tamper(
      sql`UPDATE audit_log SET seq = -2 WHERE seq = 2`,
      sql`UPDATE audit_log SET seq = 2 WHERE seq = 5`,
      sql`UPDATE audit_log SET seq = 5 WHERE seq = -2`,
    );
    expect(await verifyAudit(ctx.deps)).toMatchObject({ ok: false, firstBadSeq: 2, reason: 'broken link' });
  });

  it('runs as a command: exit 0 when intact, 1 with the failing row after tampering', async () => {
    const ok = captureIo(env());
    expect(await runCli(['audit', 'verify'], ok.io)).toBe(0);
    expect(ok.out).toEqual([expect.stringMatching(/^OK: 6 rows, head hash [0-9a-f]{64}$/)]);
    expect(ok.err.some((l) => l.includes('rows checked'))).toBe(true);

    await tamper(sql`UPDATE audit_log SET action = 'hidden' WHERE seq = 2`);
    const bad = captureIo(env());
    expect(await runCli(['audit', 'verify'], bad.io)).toBe(1);
    expect(bad.out).toEqual(['FAILED at seq 2: row content changed (1 rows before it are intact)']);
  });
});
