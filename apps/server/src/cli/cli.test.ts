import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createTree, createUser } from '../kernel/testing/fixtures.js';
import { buildTestApp, dropDatabase, TEST_MASTER_KEY, type TestContext } from '../kernel/testing/test-app.js';
import { withDatabase } from '../kernel/testing/urls.js';
import { captureIo, cliEnv } from './capture-io.js';
import { COMMANDS, runCli } from './run.js';

const root = path.resolve(import.meta.dirname, '../../../..');

describe('the unionhall command', () => {
  it('answers --help from the real entry point (spawned)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', '--help'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(c.path.join(' '));
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', 'frobnicate'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown command "frobnicate"');
  }, 120_000);

  it('exits 2 for missing or unknown commands and 0 for every --help', async () => {
    const none = captureIo({});
    expect(await runCli([], none.io)).toBe(2);
    expect(none.err.join('\n')).toContain('Usage: unionhall <command>');
    const group = captureIo({});
    expect(await runCli(['users'], group.io)).toBe(2);
    expect(group.text()).toContain('a subcommand is needed');
    const unknownSub = captureIo({});
    expect(await runCli(['keys', 'lose'], unknownSub.io)).toBe(2);
    const groupHelp = captureIo({});
    expect(await runCli(['users', '--help'], groupHelp.io)).toBe(0);
    expect(groupHelp.out.join('\n')).toContain('users reset-mfa');
    for (const c of COMMANDS) {
      const run = captureIo({});
      expect(await runCli([...c.path, '--help'], run.io), c.path.join(' ')).toBe(0);
      expect(run.out.join('\n')).toContain(`Usage: unionhall ${c.path.join(' ')}`);
    }
    const stray = captureIo({});
    expect(await runCli(['migrate', 'now'], stray.io)).toBe(2);
  });

  it('reports invalid configuration as a failure (exit 1), listing the problems', async () => {
    const run = captureIo({
      NODE_ENV: 'production',
      UNIONHALL_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'uh-cli-')),
    });
    expect(await runCli(['setup-link'], run.io)).toBe(1);
    expect(run.text()).toContain('production mode needs UNIONHALL_MASTER_KEY');
  });
});

describe('migrate and setup-link on a fresh database', () => {
  let url: string;
  let ctx: TestContext;
  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await admin.connect();
    const name = `uh_cli_${randomBytes(5).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    url = withDatabase(inject('pgAdminUrl'), name);
    ctx = await buildTestApp();
  });
  afterAll(async () => {
    await dropDatabase(url);
    await ctx.close();
  });

  it('a read-only command on a never-migrated database says to migrate first', async () => {
    const run = captureIo(cliEnv(url, TEST_MASTER_KEY));
    expect(await runCli(['audit', 'verify'], run.io)).toBe(1);
    expect(run.text()).toContain('no Unionhall tables yet');
    expect(run.text()).toContain('unionhall migrate');
  });

  it('migrate applies everything once, then has nothing to do', async () => {
    const first = captureIo(cliEnv(url, TEST_MASTER_KEY));
    expect(await runCli(['migrate'], first.io), first.text()).toBe(0);
    expect(first.out[0]).toMatch(/^Applied \d+ migration\(s\): 0001_kernel/);
    const second = captureIo(cliEnv(url, TEST_MASTER_KEY));
    expect(await runCli(['migrate'], second.io)).toBe(0);
    expect(second.out[0]).toBe('Nothing to apply: the database schema is up to date.');
    expect(second.out[1]).toMatch(/^Schema: (\d+) of \1 migrations applied/);
  });

  it('setup-link prints a one-time link only while no account exists', async () => {
    const env = cliEnv(ctx.dbUrl, TEST_MASTER_KEY, { PUBLIC_ORIGIN: 'https://union.example.org' });
    const run = captureIo(env);
    expect(await runCli(['setup-link'], run.io), run.text()).toBe(0);
    expect(run.out).toEqual([
      expect.stringMatching(/^https:\/\/union\.example\.org\/setup#token=[\w-]{32}$/),
    ]);
    const { union } = await createTree(ctx);
    await createUser(ctx, { username: 'first.admin', org: union });
    const later = captureIo(env);
    expect(await runCli(['setup-link'], later.io)).toBe(1);
    expect(later.text()).toContain('Setup is already done');
  });
});

describe('election simulate', () => {
  it('writes a record that parses and counts every simulated voter', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'uh-election-')), 'record.json');
    const run = captureIo({});
    const code = await runCli(
      ['election', 'simulate', '--voters', '4', '--out', out, '--seed', 'cli-test'],
      run.io,
    );
    expect(code, run.text()).toBe(0);
    const { parseRecord } = await import('@unionhall/election-crypto');
    const record = parseRecord(readFileSync(out, 'utf8'));
    expect(record.results.ballots_counted).toBe(4);
    expect(run.out.join('\n')).toContain('Ballots counted: 4');
    const usage = captureIo({});
    expect(await runCli(['election', 'simulate', '--voters', 'many', '--out', out], usage.io)).toBe(2);
  });
});
