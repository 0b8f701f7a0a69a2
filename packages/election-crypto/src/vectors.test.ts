import { readFileSync, writeFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { toHex, utf8 } from './bytes.js';
import type { Group } from './group.js';
import { nobleGroup } from './group-noble.js';
import { serializeRecord } from './record.js';
import { simulateElection } from './simulate.js';
import { verifyRecord } from './verify.js';
import { verifyRecordReference } from './verify-reference.js';

// Regenerate with: UPDATE_VECTORS=1 npx vitest run --project packages vectors
const dir = new URL('../test-vectors/', import.meta.url);
const SEED = 'unionhall-test-vector-1';
const CONTESTS = [
  {
    id: 'chair',
    title: 'Chair',
    min_selections: 1,
    max_selections: 1,
    options: ['anna', 'bert', 'cara'].map((id) => ({ id, title: id })),
  },
  {
    id: 'board',
    title: 'Board members',
    min_selections: 0,
    max_selections: 2,
    options: ['wim', 'xia', 'yan', 'zoe'].map((id) => ({ id, title: id })),
  },
];

async function generate(group?: Group<unknown>, revote?: { seed: string; revotes: number }) {
  const record = await simulateElection({
    voters: 4,
    contests: CONTESTS,
    trustees: 3,
    threshold: 2,
    seed: revote?.seed ?? SEED,
    group,
    ...(revote ? { revotes: revote.revotes } : {}),
  });
  const text = serializeRecord(record);
  const expected = {
    seed: SEED,
    parameter_hash: record.parameters.parameter_hash,
    joint_public_key: record.parameters.joint_public_key,
    tracking_codes: record.board.entries.map((e) => e.ballot.tracking_code),
    ...(record.board.supersedes ? { superseded: record.board.supersedes.map((x) => x.tracking_code) } : {}),
    board_head: record.board.head,
    results: record.results,
    record_sha256: toHex(sha256(utf8(text))),
  };
  return { record, text, expected };
}

/** Tampered copies of the vector record and the check a verifier must name for each. */
const NEGATIVE: { path: (string | number)[]; value: unknown }[] = [
  {
    path: ['board', 'entries', 1, 'ballot', 'contests', 0, 'options', 2, 'proof', 'v', 1],
    value: '00'.repeat(32),
  },
  { path: ['board', 'entries', 2, 'ballot', 'contests', 1, 'range_proof', 'c', 0], value: '01'.repeat(32) },
  { path: ['board', 'entries', 3, 'ballot', 'tracking_code'], value: '00'.repeat(32) },
  { path: ['board', 'entries', 0, 'hash'], value: 'ff'.repeat(32) },
  { path: ['decryption', 1, 'contests', 0, 'options', 1, 'proof', 'v'], value: '02'.repeat(32) },
  { path: ['results', 'contests', 1, 'options', 0, 'votes'], value: 3 },
  { path: ['results', 'eligible_voters'], value: 3 },
];

function tamper(record: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(record) as Record<string | number, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  at[path[path.length - 1]!] = value;
  return copy;
}

describe('test vectors', () => {
  it('negative vectors: each tampered record fails with the committed check name', async () => {
    const record = JSON.parse(readFileSync(new URL('small-election.json', dir), 'utf8'));
    const cases = NEGATIVE.map((c) => {
      const result = verifyRecordReference(tamper(record, c.path, c.value) as never);
      return { ...c, check: result.ok ? 'ok' : result.check };
    });
    if (process.env.UPDATE_VECTORS)
      writeFileSync(new URL('negative.json', dir), `${JSON.stringify(cases, null, 2)}\n`);
    expect(cases).toEqual(JSON.parse(readFileSync(new URL('negative.json', dir), 'utf8')));
    for (const c of cases) {
      expect(c.check).not.toBe('ok');
      expect(await verifyRecord(tamper(record, c.path, c.value) as never)).toEqual({
        ok: false,
        check: c.check,
      });
    }
  });

  it('the committed vectors are exactly what this code generates (reference and fast groups)', async () => {
    const ref = await generate(nobleGroup as Group<unknown>);
    if (process.env.UPDATE_VECTORS) {
      writeFileSync(new URL('small-election.json', dir), ref.text);
      writeFileSync(new URL('expected.json', dir), `${JSON.stringify(ref.expected, null, 2)}\n`);
    }
    const committed = readFileSync(new URL('small-election.json', dir), 'utf8');
    const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8'));
    expect(ref.expected).toEqual(expected);
    expect(ref.text).toBe(committed);
    expect((await generate()).text).toBe(committed);
    expect(verifyRecordReference(JSON.parse(committed))).toEqual({ ok: true, ballots: 4 });
  });
});

// Re-voting (spec §2.4.1): 4 voters, the first 2 replace their ballot once.
const REVOTE = { seed: 'unionhall-test-vector-revote-1', revotes: 2 };
const NEGATIVE_REVOTE: { path: (string | number)[]; value: unknown }[] = [
  { path: ['board', 'supersedes', 0, 'revote_secret'], value: '00'.repeat(32) },
  { path: ['board', 'supersedes', 1, 'tracking_code'], value: '11'.repeat(32) },
  { path: ['board', 'supersedes', 1, 'hash'], value: 'ff'.repeat(32) },
  { path: ['board', 'entries', 0, 'ballot', 'revote_tag'], value: '22'.repeat(32) },
  { path: ['results', 'ballots_counted'], value: 6 },
];

describe('re-voting test vectors', () => {
  it('the committed re-voting vector is exactly what this code generates, and verifies', async () => {
    const ref = await generate(nobleGroup as Group<unknown>, REVOTE);
    if (process.env.UPDATE_VECTORS) {
      writeFileSync(new URL('revote-election.json', dir), ref.text);
      writeFileSync(new URL('revote-expected.json', dir), `${JSON.stringify(ref.expected, null, 2)}\n`);
    }
    const committed = readFileSync(new URL('revote-election.json', dir), 'utf8');
    expect(ref.expected).toEqual(JSON.parse(readFileSync(new URL('revote-expected.json', dir), 'utf8')));
    expect(ref.text).toBe(committed);
    expect(verifyRecordReference(JSON.parse(committed))).toEqual({ ok: true, ballots: 4 });
    expect(await verifyRecord(JSON.parse(committed))).toEqual({ ok: true, ballots: 4 });
  });

  it('negative re-voting vectors fail with the committed check names', async () => {
    const record = JSON.parse(readFileSync(new URL('revote-election.json', dir), 'utf8'));
    const cases = NEGATIVE_REVOTE.map((c) => {
      const result = verifyRecordReference(tamper(record, c.path, c.value) as never);
      return { ...c, check: result.ok ? 'ok' : result.check };
    });
    if (process.env.UPDATE_VECTORS)
      writeFileSync(new URL('revote-negative.json', dir), `${JSON.stringify(cases, null, 2)}\n`);
    expect(cases).toEqual(JSON.parse(readFileSync(new URL('revote-negative.json', dir), 'utf8')));
    for (const c of cases) {
      expect(c.check).not.toBe('ok');
      expect(await verifyRecord(tamper(record, c.path, c.value) as never)).toEqual({
        ok: false,
        check: c.check,
      });
    }
  });
});
