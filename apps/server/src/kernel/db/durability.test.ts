/**
 * SECURITY.md "kill -9 torture": a writer commits numbered, audited transactions and records each
 * acknowledged commit; PostgreSQL (the embedded server, fsync on) is killed with SIGKILL at random
 * moments and restarted. Every acknowledged commit must be there afterwards and the audit hash chain
 * must verify. TORTURE_ROUNDS=300 runs the long version.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordAudit, verifyAuditChain } from '../audit/audit.js';
import { migrateToLatest } from './migrate.js';
import { createDatabase, type Database } from './pool.js';
import { startEmbeddedPostgres } from './embedded.js';
import { freePort } from '../testing/embedded-test-server.js';

const ROUNDS = Number(process.env.TORTURE_ROUNDS ?? 8);
const dir = mkdtempSync(path.join(os.tmpdir(), 'uh-torture-'));
// As root, PostgreSQL runs as the postgres user, which must be able to enter the directory.
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function postmasterPid(): number {
  return Number(readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Commits audited rows until the database goes away; returns the acknowledged sequence numbers. */
async function writeUntilKilled(db: Database, acked: Set<string>, round: number, stop: { at: number }) {
  for (let i = 0; ; i++) {
    const key = `${round}:${i}`;
    try {
      await db
        .transaction()
        .execute((trx) => recordAudit(trx, { actorId: null, action: 'torture.commit', details: { key } }));
      acked.add(key);
    } catch {
      return;
    }
    if (performance.now() > stop.at + 5000) return;
  }
}

describe('durability under kill -9', () => {
  it(`keeps every acknowledged commit through ${ROUNDS} SIGKILLs of PostgreSQL`, {
    timeout: 60_000 + ROUNDS * 8000,
  }, async () => {
    const port = await freePort();
    const acked = new Set<string>();
    let server = await startEmbeddedPostgres(dir, port, () => {});
    {
      const { db } = createDatabase(server.url, 2);
      await migrateToLatest(db);
      await db.destroy();
    }
    for (let round = 0; round < ROUNDS; round++) {
      const { db } = createDatabase(server.url, 4);
      const pid = postmasterPid();
      const stop = { at: performance.now() + 50 + Math.random() * 400 };
      const writers = [0, 1, 2].map(() => writeUntilKilled(db, acked, round, stop));
      await new Promise((r) => setTimeout(r, stop.at - performance.now()));
      process.kill(pid, 'SIGKILL');
      await Promise.all(writers);
      await db.destroy().catch(() => undefined);
      // The backends notice their postmaster is gone and exit; only then may a new one start.
      for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 300));
      server = await startEmbeddedPostgres(dir, port, () => {});
    }
    const { db } = createDatabase(server.url, 2);
    const { rows } = await db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'torture.commit')
      .execute()
      .then((r) => ({ rows: r }));
    const present = new Set(rows.map((r) => String((r.details as { key: string }).key)));
    const lost = [...acked].filter((k) => !present.has(k));
    expect(acked.size).toBeGreaterThan(ROUNDS);
    expect(lost).toEqual([]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    await db.destroy();
    await server.stop();
  });
});
