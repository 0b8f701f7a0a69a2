import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main, parseArgs } from './run.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const vector = fileURLToPath(
  new URL('../../election-crypto/test-vectors/small-election.json', import.meta.url),
);
const dir = mkdtempSync(join(tmpdir(), 'uh-verify-'));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=source', cli, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('unionhall-verify', () => {
  it('exits 0 and prints the results for an intact record', () => {
    const r = run(vector, '--workers', '1');
    expect(r.err).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^VALID: 4 ballots, results chair: anna \d+, bert \d+, cara \d+; board: wim \d+/);
  });

  it('exits 1 naming the first failing check for an altered record', () => {
    const record = JSON.parse(readFileSync(vector, 'utf8'));
    const proof = record.board.entries[2].ballot.contests[1].options[3].proof;
    proof.v[0] = proof.v[0].replace(/^./, (c: string) => (c === '0' ? '1' : '0'));
    const altered = join(dir, 'altered.json');
    writeFileSync(altered, JSON.stringify(record));
    const r = run(altered, '--quiet');
    expect(r.code).toBe(1);
    expect(r.out.trim()).toBe('INVALID: ballot[2].contest[1].option[3].proof');
  });

  it('re-voting: counts only the last ballot of each voter; a changed re-vote code fails', () => {
    const revote = vector.replace('small-election.json', 'revote-election.json');
    const ok = run(revote, '--workers', '1', '--quiet');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/^VALID: 4 ballots \(2 replaced by re-votes, not counted\), results chair: /);
    const record = JSON.parse(readFileSync(revote, 'utf8'));
    const s = record.board.supersedes[0];
    s.revote_secret = s.revote_secret.replace(/^./, (c: string) => (c === '0' ? '1' : '0'));
    const altered = join(dir, 'altered-revote.json');
    writeFileSync(altered, JSON.stringify(record));
    const bad = run(altered, '--quiet');
    expect(bad.code).toBe(1);
    expect(bad.out.trim()).toBe('INVALID: supersede[0].chain');
  });

  it('exits 2 for unreadable or malformed input', () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"format": "unionhall-election-record/1", ');
    const r = run(broken);
    expect(r.code).toBe(2);
    expect(r.err).toContain('not valid JSON');
    expect(run(join(dir, 'missing.json')).code).toBe(2);
  });

  it('parses its arguments and reports usage errors with exit code 2', async () => {
    expect(parseArgs(['r.json', '--workers=3', '-q'])).toEqual({ record: 'r.json', workers: 3, quiet: true });
    expect(() => parseArgs(['--workers', 'x', 'r.json'])).toThrow('--workers');
    const errs: string[] = [];
    expect(await main([], { out: () => {}, err: (s) => errs.push(s) })).toBe(2);
    expect(errs.join('\n')).toContain('usage: unionhall-verify RECORD');
    const notRecord = join(dir, 'other.json');
    writeFileSync(notRecord, '{"hello": 1}');
    expect(await main([notRecord], { out: () => {}, err: (s) => errs.push(s) })).toBe(2);
    expect(errs.join('\n')).toContain('not an election record');
  });
});
