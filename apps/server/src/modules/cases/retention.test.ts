/**
 * Cases after their archive period (docs/privacy.md "Retention"): through the privacy retention run
 * with a fixed `now`, a case closed one minute past 10 years goes with its events, attachment rows,
 * file on disk and officer-search hit (a file already missing is no error); one closed one minute
 * inside stays with its file; an old open case stays; the audit entry counts the cases; a second run
 * deletes nothing.
 */
import { existsSync, mkdtempSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { uniqueIp } from '../../kernel/testing/net.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { sql } from 'kysely';
import { enforceRetention } from '../privacy/retention.service.js';
import { fileCase, makeMember } from './case-fixtures.test.js';
import { searchCasesInScope } from './search.repo.js';
import { CASE_ARCHIVE_DAYS } from './retention.repo.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'uh-case-retention-'));
const DAY = 86_400_000;
const MIN = 60_000;
const NOW = new Date('2041-06-15T03:20:00.000Z');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('IHDR-fake-image-body'),
]);

let ctx: TestContext;
let member: TestClient;
let handler: TestUser;
const ids: Record<'past' | 'missingFile' | 'inside' | 'open', string> = {
  past: '',
  missingFile: '',
  inside: '',
  open: '',
};
const db = () => ctx.deps.db;
const storedFile = async (caseId: string) => {
  const a = await db()
    .selectFrom('case_attachments')
    .select('stored_name')
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  return path.join(dataDir, 'attachments', a.stored_name);
};
const rows = async (table: 'case_events' | 'case_attachments', caseId: string) =>
  (await db().selectFrom(table).select('case_id').where('case_id', '=', caseId).execute()).length;

beforeAll(async () => {
  ctx = await buildTestApp({ env: { UNIONHALL_DATA_DIR: dataDir } });
  const tree = await createTree(ctx);
  const m = await createUser(ctx, { username: 'ret_member', org: tree.branch1 });
  await makeMember(ctx, m, tree.branch1, tree.union);
  member = await loginAs(ctx, m, uniqueIp());
  handler = await createUser(ctx, { username: 'ret_h1', org: tree.branch1, roles: ['case_handler'] });
  for (const key of Object.keys(ids) as (keyof typeof ids)[]) {
    const id = await fileCase(member, { title: `归档测试 ${key}` });
    ids[key] = id;
    const msg = await member.post(`/api/my/cases/${id}/messages`, { body: '补充说明' });
    expect(msg.statusCode, msg.body).toBe(200);
    const up = await member.request('POST', `/api/my/cases/${id}/attachments`, PNG, {
      'content-type': 'image/png',
    });
    expect(up.statusCode, up.body).toBe(201);
  }
  const close = (id: string, at: Date | null) =>
    db()
      .updateTable('cases')
      .set({
        state: at ? 'closed' : 'submitted',
        closed_at: at,
        created_at: new Date(NOW.getTime() - 4000 * DAY),
      })
      .where('id', '=', id)
      .execute();
  await close(ids.past, new Date(NOW.getTime() - CASE_ARCHIVE_DAYS * DAY - MIN));
  await close(ids.missingFile, new Date(NOW.getTime() - CASE_ARCHIVE_DAYS * DAY - 2 * MIN));
  await close(ids.inside, new Date(NOW.getTime() - CASE_ARCHIVE_DAYS * DAY + MIN));
  await close(ids.open, null);
  unlinkSync(await storedFile(ids.missingFile));
});
afterAll(async () => {
  await ctx?.close();
});

describe('case retention', () => {
  it('deletes cases closed past the archive period with all their rows and files', async () => {
    const pastFile = await storedFile(ids.past);
    const insideFile = await storedFile(ids.inside);
    expect(existsSync(pastFile)).toBe(true);
    expect(await rows('case_events', ids.past)).toBeGreaterThanOrEqual(2);
    const found = async (key: keyof typeof ids) =>
      (await searchCasesInScope(db(), handler.id, `归档测试 ${key}`, 10)).some((h) => h.id === ids[key]);
    expect(await found('past')).toBe(true);

    const rollups = async () =>
      (
        await sql<{ n: string }>`
          SELECT (SELECT coalesce(sum(n), 0) FROM case_rollup_month)
            + (SELECT coalesce(sum(n), 0) FROM case_rollup_origin) AS n`.execute(db())
      ).rows[0]!.n;
    const before = await rollups();
    expect(Number(before)).toBeGreaterThan(0);

    const counts = await enforceRetention(ctx.deps, NOW);
    expect(counts.closedCases).toBe(2);
    // the analytics of those months keep their counts (no personal data in them)
    expect(await rollups()).toBe(before);

    for (const id of [ids.past, ids.missingFile]) {
      expect(
        await db().selectFrom('cases').select('id').where('id', '=', id).executeTakeFirst(),
      ).toBeUndefined();
      expect(await rows('case_events', id)).toBe(0);
      expect(await rows('case_attachments', id)).toBe(0);
      expect(
        await db().selectFrom('case_escalations').select('case_id').where('case_id', '=', id).execute(),
      ).toHaveLength(0);
    }
    expect(existsSync(pastFile)).toBe(false);
    expect(await found('past')).toBe(false);

    for (const id of [ids.inside, ids.open]) {
      expect(
        await db().selectFrom('cases').select('id').where('id', '=', id).executeTakeFirst(),
      ).toBeDefined();
      expect(await rows('case_events', id)).toBeGreaterThanOrEqual(2);
      expect(await rows('case_attachments', id)).toBe(1);
    }
    expect(existsSync(insideFile)).toBe(true);
    expect(existsSync(await storedFile(ids.open))).toBe(true);
    expect(await found('inside')).toBe(true);

    const audit = await db()
      .selectFrom('audit_log')
      .where('action', '=', 'privacy.retention_enforced')
      .orderBy('seq', 'desc')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ asOf: NOW.toISOString(), counts: { closedCases: 2 } });
    expect(JSON.stringify(audit.details)).not.toContain(ids.past);
    expect(JSON.stringify(audit.details)).not.toContain('failed');
  });

  it('a second run deletes nothing', async () => {
    const counts = await enforceRetention(ctx.deps, NOW);
    expect(counts.closedCases).toBe(0);
    const left = await db().selectFrom('cases').select('id').execute();
    expect(left.map((c) => c.id).sort()).toEqual([ids.inside, ids.open].sort());
  });
});
