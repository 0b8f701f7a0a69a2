import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo, cliEnv } from '../../cli/capture-io.js';
import { progressBar } from '../../cli/members-import.js';
import { runCli } from '../../cli/run.js';
import { createTree } from '../../kernel/testing/fixtures.js';
import { buildTestApp, TEST_MASTER_KEY, type TestContext } from '../../kernel/testing/test-app.js';
import { residentIdCheckChar } from './identity-docs.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
const dir = mkdtempSync(path.join(tmpdir(), 'uh-members-cli-'));
const rid = (seq: string) => {
  const s = `11010519750505${seq}`;
  return s + residentIdCheckChar(s);
};

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
});
afterAll(() => ctx.close());

describe('unionhall members import', () => {
  const file = path.join(dir, '名册.csv');
  writeFileSync(
    file,
    `Name,ID number,Mobile phone\r\nLi Lei,${rid('011')},13800138000\r\nHan Meimei,${rid('021')},123\r\n`,
  );

  it('dry-runs, imports the valid rows with a progress bar, and creates nothing the second time', async () => {
    const env = cliEnv(ctx.dbUrl, TEST_MASTER_KEY);
    let c = captureIo(env);
    expect(await runCli(['members', 'import', file, '--org', tree.branch1.id, '--dry-run'], c.io)).toBe(0);
    expect(c.out[0]).toMatch(/^OK: 2 rows, 0 created, 0 already registered, 1 with errors \(dry run/);
    expect(c.out[1]).toBe('  row 3, phone: import.invalid_phone');
    expect(c.err.some((l) => l.includes('100%'))).toBe(true);
    c = captureIo(env);
    expect(await runCli(['members', 'import', file, '--org', tree.branch1.id], c.io)).toBe(2);
    expect(c.text()).toContain('--consent-attested is required');
    const report = path.join(dir, 'report.csv');
    c = captureIo(env);
    expect(
      await runCli(
        [
          'members',
          'import',
          file,
          '--org',
          tree.branch1.id,
          '--consent-attested',
          '--report',
          report,
          '--lang',
          'en',
        ],
        c.io,
      ),
    ).toBe(0);
    expect(c.out[0]).toMatch(/^OK: 2 rows, 1 created/);
    expect(readFileSync(report, 'utf8')).toContain(
      '3,Mobile phone,import.invalid_phone,Invalid mobile phone number',
    );
    c = captureIo(env);
    expect(
      await runCli(['members', 'import', file, '--org', tree.branch1.id, '--consent-attested'], c.io),
    ).toBe(0);
    expect(c.out[0]).toMatch(/^OK: 2 rows, 0 created, 1 already registered/);
    c = captureIo(env);
    expect(
      await runCli(
        ['members', 'import', file, '--org', tree.branch1.id, '--all-or-nothing', '--consent-attested'],
        c.io,
      ),
    ).toBe(1);
    expect(c.out[0]).toMatch(/^FAILED \(import.rows_invalid\)/);
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'member.import_started')
      .execute();
    expect(audit[0]!.details).toMatchObject({ via: 'cli' });
  });

  it('draws the progress bar', () => {
    expect(progressBar(0.5, 1234, 5, 10)).toBe('[#####.....]  50%  1,234 rows  5 errors');
  });
});
