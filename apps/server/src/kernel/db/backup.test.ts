/**
 * SECURITY.md "Durability and faults": a backup and restore round trip reproduces the data and the
 * audit chain, by both procedures of docs/operations.md "Backups and restore":
 *  - external PostgreSQL: `pg_dump -Fc`, then `pg_restore --no-owner --role=<owner>` into an empty
 *    database owned by a plain (non-superuser) role, connected as that role;
 *  - embedded database: stop the server, `tar` the data directory as documented, remove it, unpack the
 *    archive in its place and start the server on it.
 * Both seed a realistic database through the product (org tree, officers with MFA, members with
 * encrypted ID numbers and phones, a dues ledger with a charge and a payment, an election with cast
 * ballots, their audit rows), then check on the restored copy: every table's row count and content
 * digest and every sequence, `unionhall audit verify` with the head hash noted before the backup, the
 * append-only triggers, decryption with the same master key and blind-index lookups, and that new
 * writes continue the sequences and the chain.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { encryptBallot } from '@unionhall/election-crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { captureIo, cliEnv } from '../../cli/capture-io.js';
import { runCli } from '../../cli/run.js';
import { readyElection } from '../../modules/elections/elections-fixtures.test.js';
import { syncBuiltinRoles } from '../../modules/identity/index.js';
import { COL } from '../../modules/members/members.pii.js';
import { verifyAuditChain } from '../audit/audit.js';
import { FieldCipher } from '../crypto/field.js';
import { KeyRing } from '../crypto/keyring.js';
import { freePort } from '../testing/embedded-test-server.js';
import { createTree, createUser, loginAs, type TestUser } from '../testing/fixtures.js';
import { snapshotTables } from '../testing/db-snapshot.js';
import { insertMemberRow } from '../testing/member-fixtures.js';
import { uniqueIp } from '../testing/net.js';
import { buildTestApp, dropDatabase, TEST_MASTER_KEY, type TestContext } from '../testing/test-app.js';
import { withDatabase } from '../testing/urls.js';
import { startEmbeddedPostgres } from './embedded.js';
import { migrateToLatest } from './migrate.js';
import { createDatabase, type Database } from './pool.js';
import { memberBody, residentId } from '../testing/member-fixtures.js';

const run = promisify(execFile);
const MIN = 60_000;

let tmpRoot: string;
beforeAll(() => {
  tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'uh-backup-'));
  // As root, PostgreSQL runs as the postgres user, which must be able to enter the directory.
  chmodSync(tmpRoot, 0o755);
});
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------
// Seeding through the product

type Seeded = {
  chair: TestUser;
  finance: TestUser;
  branchId: string;
  memberId: string;
  idNumber: string;
  phone: string;
  /** The seeding app's clock at the end: a restored app starts after it (TOTP steps are not reused). */
  clockAt: Date;
};

async function seed(ctx: TestContext): Promise<Seeded> {
  const tree = await createTree(ctx);
  const chairUser = await createUser(ctx, { username: 'bk_chair', org: tree.union, roles: ['chair'] });
  const financeUser = await createUser(ctx, {
    username: 'bk_finance',
    org: tree.union,
    roles: ['finance_officer'],
  });
  const trustee = await createUser(ctx, { username: 'bk_trustee', org: tree.union });
  const chair = await loginAs(ctx, chairUser, uniqueIp());
  const finance = await loginAs(ctx, financeUser, uniqueIp());

  // Members with encrypted ID number, phone and address, blind indexes, consents and member events.
  const idNumber = residentId('19850612', '003');
  const phone = '13800138000';
  const a = await chair.post('/api/members', memberBody('张三丰', tree.branch1.id, idNumber, phone));
  expect(a.statusCode, a.body).toBe(201);
  const b = await chair.post(
    '/api/members',
    memberBody('李四', tree.branch2.id, residentId('19900101', '005'), '13900139000'),
  );
  expect(b.statusCode, b.body).toBe(201);
  const memberId: string = a.json().id;

  // Dues: a rule, an encrypted wage, the schedule (a charge) and a cash payment on the ledger.
  const rule = await finance.post('/api/dues/rules', {
    unionId: tree.union.id,
    effectiveFrom: '2026-01-01',
    ratePercent: '0.5',
    roundingUnit: 10,
    roundingMode: 'half_up',
    minimumFen: 200,
    retainedPercent: 0,
  });
  expect(rule.statusCode, rule.body).toBe(201);
  const wage = await finance.post(`/api/dues/members/${memberId}/wages`, {
    effectiveFrom: '2026-01-01',
    wageFen: 654321,
  });
  expect(wage.statusCode, wage.body).toBe(200);
  const schedule = await finance.post('/api/dues/schedule', { unionId: tree.union.id, period: '2026-01' });
  expect(schedule.json()).toMatchObject({ scheduled: 1, ruleFound: true });
  const paid = await finance.post(`/api/dues/members/${memberId}/payments`, {
    amountFen: 3270,
    reference: 'backup-1',
  });
  expect(paid.statusCode, paid.body).toBe(200);

  // An election with a one-trustee key ceremony and two encrypted ballots cast.
  const voters: TestUser[] = [];
  for (let i = 1; i <= 2; i++) {
    const v = await createUser(ctx, { username: `bk_voter${i}`, org: tree.branch1 });
    await insertMemberRow(ctx, { user: v, org: tree.branch1, union: tree.union });
    voters.push(v);
  }
  const el = await readyElection(ctx, {
    officer: chairUser,
    trustee,
    union: tree.union,
    title: '备份演练选举',
    candidates: [
      { id: 'li', name: '李明' },
      { id: 'wang', name: '王芳' },
    ],
  });
  for (const v of voters) {
    const { ballot } = encryptBallot(el.manifest, el.context, { chair: ['li'] });
    const r = await (await loginAs(ctx, v, uniqueIp())).post(`/api/my/elections/${el.id}/ballot`, { ballot });
    expect(r.statusCode, r.body).toBe(200);
  }
  return {
    chair: chairUser,
    finance: financeUser,
    branchId: tree.branch1.id,
    memberId,
    idNumber,
    phone,
    clockAt: ctx.clock.now(),
  };
}

// ---------------------------------------------------------------------------------------------
// Fingerprints and the checks on a restored copy

type Fingerprint = {
  tables: Record<string, string>;
  sequences: Record<string, string>;
  audit: { checked: number; headHash: string };
  ledgerSeqMax: number;
};

async function fingerprint(db: Database): Promise<Fingerprint> {
  const tables = await snapshotTables(db);
  const seqs = await sql<{ name: string; last: string | null }>`
    SELECT sequencename AS name, last_value::text AS last FROM pg_sequences
    WHERE schemaname = 'public' ORDER BY sequencename`.execute(db);
  const chain = await verifyAuditChain(db);
  if (!chain.ok || !chain.headHash) throw new Error(`audit chain of the source: ${JSON.stringify(chain)}`);
  const ledger = await sql<{ max: number }>`SELECT max(seq)::int AS max FROM dues_ledger`.execute(db);
  return {
    tables,
    sequences: Object.fromEntries(seqs.rows.map((r) => [r.name, r.last ?? 'not called'])),
    audit: { checked: chain.checked, headHash: chain.headHash },
    ledgerSeqMax: ledger.rows[0]!.max,
  };
}

/** Every check on a restored database; `dbUrl` connects as the role the application would use. */
async function checkRestored(dbUrl: string, before: Fingerprint, seeded: Seeded): Promise<void> {
  const { db } = createDatabase(dbUrl, 2);
  try {
    // 1. The same tables, rows and contents, and the same sequence positions.
    const after = await snapshotTables(db);
    expect(Object.keys(after).length).toBeGreaterThan(40);
    expect(after).toEqual(before.tables);
    for (const t of ['audit_log', 'members', 'dues_ledger', 'election_ballots', 'data_keys'])
      expect(Number(after[t]!.split(':')[0]), t).toBeGreaterThan(0);
    const seqs = await sql<{ name: string; last: string | null }>`
      SELECT sequencename AS name, last_value::text AS last FROM pg_sequences
      WHERE schemaname = 'public' ORDER BY sequencename`.execute(db);
    expect(Object.fromEntries(seqs.rows.map((r) => [r.name, r.last ?? 'not called']))).toEqual(
      before.sequences,
    );

    // 2. `unionhall audit verify` (the documented check) passes with the head hash noted before.
    const env = cliEnv(dbUrl, TEST_MASTER_KEY);
    const verify = captureIo(env);
    const code = await runCli(['audit', 'verify'], verify.io);
    rmSync(env.UNIONHALL_DATA_DIR!, { recursive: true, force: true });
    expect(code, verify.text()).toBe(0);
    expect(verify.out).toEqual([`OK: ${before.audit.checked} rows, head hash ${before.audit.headHash}`]);

    // 3. The append-only triggers came along.
    for (const t of ['audit_log', 'dues_ledger'] as const) {
      await expect(sql`UPDATE ${sql.table(t)} SET seq = seq`.execute(db), t).rejects.toThrow(/append-only/);
      await expect(sql`DELETE FROM ${sql.table(t)}`.execute(db), t).rejects.toThrow(/append-only/);
      await expect(sql`TRUNCATE ${sql.table(t)} CASCADE`.execute(db), t).rejects.toThrow(/append-only/);
    }

    // 4. The same master key opens the data keys (as the server does at start); another key does not.
    await expect(
      KeyRing.open(db, { current: Buffer.alloc(32, 9), currentId: 'other', previous: [] }),
    ).rejects.toThrow(/No configured master key unwraps/);
    const cipher = new FieldCipher(
      await KeyRing.open(db, { current: TEST_MASTER_KEY, currentId: 'test', previous: [] }),
    );
    const row = await db
      .selectFrom('members')
      .select(['id_number_enc', 'phone_enc'])
      .where('id', '=', seeded.memberId)
      .executeTakeFirstOrThrow();
    expect(await cipher.decrypt(COL.idNumber, row.id_number_enc!)).toBe(seeded.idNumber);
    expect(await cipher.decrypt(COL.phone, row.phone_enc!)).toBe(seeded.phone);
    const byPhone = await db
      .selectFrom('members')
      .select('id')
      .where('phone_bidx', '=', cipher.blindIndex(COL.phone, seeded.phone))
      .execute();
    expect(byPhone.map((r) => r.id)).toEqual([seeded.memberId]);
  } finally {
    await db.destroy();
  }

  // 5. The application on the restored database: blind-index search and uniqueness, new writes
  //    continue the ledger sequence and the audit chain.
  const ctx = await buildTestApp({ dbUrl });
  try {
    ctx.clock.current = new Date(seeded.clockAt.getTime() + 10 * MIN);
    const chair = await loginAs(ctx, seeded.chair, uniqueIp());
    const found = await chair.get(`/api/members?q=${encodeURIComponent('138-0013-8000')}`);
    expect(found.json().items.map((i: { id: string }) => i.id)).toEqual([seeded.memberId]);
    const dup = await chair.post(
      '/api/members',
      memberBody('张三', seeded.branchId, seeded.idNumber, '13700137000'),
    );
    expect([dup.statusCode, dup.json().code]).toEqual([409, 'member.duplicate_id_number']);
    const fresh = await chair.post(
      '/api/members',
      memberBody('王五', seeded.branchId, residentId('19920304', '011'), '13700137000'),
    );
    expect(fresh.statusCode, fresh.body).toBe(201);
    const finance = await loginAs(ctx, seeded.finance, uniqueIp());
    const paid = await finance.post(`/api/dues/members/${seeded.memberId}/payments`, {
      amountFen: 100,
      reference: 'after-restore',
    });
    expect(paid.statusCode, paid.body).toBe(200);
    const entry = await ctx.deps.db
      .selectFrom('dues_ledger')
      .select('seq')
      .where('reference', '=', 'cash:after-restore')
      .executeTakeFirstOrThrow();
    expect(entry.seq).toBeGreaterThan(before.ledgerSeqMax);
    const chain = await verifyAuditChain(ctx.deps.db);
    expect(chain).toMatchObject({ ok: true });
    expect(chain.checked).toBeGreaterThan(before.audit.checked);
    const next = await ctx.deps.db
      .selectFrom('audit_log')
      .select(['seq', 'prev_hash'])
      .where('seq', '=', before.audit.checked + 1)
      .executeTakeFirstOrThrow();
    expect(next.prev_hash).toBe(before.audit.headHash);
  } finally {
    await ctx.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The two procedures

/** Why the logical round trip cannot run here (pg_dump refuses a server of a newer major), or null. */
async function pgDumpSkipReason(): Promise<string | null> {
  let dumpMajor: number;
  try {
    const { stdout } = await run('pg_dump', ['--version']);
    await run('pg_restore', ['--version']);
    dumpMajor = Number(/\)\s*(\d+)/.exec(stdout)?.[1]);
  } catch {
    return 'pg_dump/pg_restore not installed (apt-get install postgresql-client)';
  }
  const client = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await client.connect();
  const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  await client.end();
  const serverMajor = Math.floor(Number(rows[0]!.v) / 10000);
  if (!Number.isInteger(dumpMajor) || !Number.isInteger(serverMajor))
    return `could not read the versions of pg_dump (${dumpMajor}) and the server (${serverMajor})`;
  if (serverMajor > dumpMajor)
    return `pg_dump ${dumpMajor} cannot dump this PostgreSQL ${serverMajor} server; CI runs it on PostgreSQL 15 (DATABASE_URL)`;
  return null;
}
const skipLogical = await pgDumpSkipReason();

describe('backup and restore round trip (docs/operations.md "Backups and restore")', () => {
  it.skipIf(skipLogical)(
    `external PostgreSQL: pg_dump -Fc, pg_restore --no-owner --role into an empty database${skipLogical ? ` (skipped: ${skipLogical})` : ''}`,
    { timeout: 120_000 },
    async () => {
      const ctx = await buildTestApp();
      const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
      await admin.connect();
      const role = `uh_restore_${randomBytes(4).toString('hex')}`;
      const password = randomBytes(12).toString('hex');
      const target = `uh_restored_${randomBytes(4).toString('hex')}`;
      try {
        const seeded = await seed(ctx);
        const before = await fingerprint(ctx.deps.db);
        const dump = path.join(tmpRoot, 'unionhall.dump');
        await run('pg_dump', ['-Fc', '-d', ctx.dbUrl, '-f', dump]);

        // An empty database owned by a plain role, as an operator would create for Unionhall.
        await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
        await admin.query(`CREATE DATABASE ${target} OWNER ${role}`);
        const url = new URL(withDatabase(inject('pgAdminUrl'), target));
        url.username = role;
        url.password = password;
        const restore = await run('pg_restore', ['--no-owner', `--role=${role}`, '-d', url.toString(), dump]);
        expect(restore.stderr).toBe('');
        await checkRestored(url.toString(), before, seeded);
      } finally {
        await ctx.close();
        await dropDatabase(withDatabase(inject('pgAdminUrl'), target));
        await admin.query(`DROP ROLE IF EXISTS ${role}`);
        await admin.end();
      }
    },
  );

  it('embedded database: stop, tar the data directory, replace it with the copy, start', {
    timeout: 120_000,
  }, async () => {
    const dataDir = path.join(tmpRoot, 'data');
    const archive = path.join(tmpRoot, 'unionhall-data.tgz');
    let server = await startEmbeddedPostgres(dataDir, await freePort(), () => {});
    try {
      {
        const { db } = createDatabase(server.url, 2);
        await migrateToLatest(db);
        await syncBuiltinRoles(db);
        await db.destroy();
      }
      const ctx = await buildTestApp({ dbUrl: server.url });
      let seeded: Seeded;
      let before: Fingerprint;
      try {
        seeded = await seed(ctx);
        before = await fingerprint(ctx.deps.db);
      } finally {
        await ctx.close();
      }
      await server.stop();
      // The documented command (the data directory holds no master.key here: the test passes its key).
      await run('tar', ['-C', tmpRoot, '-czf', archive, '--exclude=master.key', 'data']);
      rmSync(dataDir, { recursive: true, force: true });
      await run('tar', ['-C', tmpRoot, '-xzf', archive]);
      server = await startEmbeddedPostgres(dataDir, await freePort(), () => {});
      await checkRestored(server.url, before, seeded);
    } finally {
      await server.stop();
    }
  });
});
