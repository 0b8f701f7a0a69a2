/**
 * Re-voting in the record: supersede entries are checked (chain, reference, secret, at most once),
 * superseded ballots are left out of the tally and the count, and both verifiers name the same
 * first failure for every tampered record.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './bytes.js';
import { defaultGroup } from './group-default.js';
import { parseLargeRecord } from './node/record-file.js';
import { type ElectionRecord, recordChunks, serializeRecord } from './record.js';
import { chainSupersedes, createRevoteSecret, revoteOwner, revoteTag, withRevoteTag } from './revote.js';
import { seededRng } from './rng.js';
import { simulateElection } from './simulate.js';
import { aggregateBallots } from './tally.js';
import { verifyRecord } from './verify.js';
import { verifyRecordReference } from './verify-reference.js';

const contests = [
  {
    id: 'chair',
    title: 'Chair',
    min_selections: 1,
    max_selections: 1,
    options: ['anna', 'bert', 'cara'].map((id) => ({ id, title: id })),
  },
];

/** Both verifiers must agree; returns the named check (or 'ok'). */
async function check(r: ElectionRecord): Promise<string> {
  const fast = await verifyRecord(r);
  const ref = verifyRecordReference(r);
  expect(fast).toEqual(ref);
  return fast.ok ? 'ok' : fast.check;
}

/** A copy with `f` applied, then the supersede chain and head recomputed (a re-sealed forgery). */
function forge(r: ElectionRecord, f: (c: ElectionRecord) => void): ElectionRecord {
  const c = structuredClone(r);
  f(c);
  const last = c.board.entries[c.board.entries.length - 1]!.hash;
  c.board.supersedes = chainSupersedes(last, c.board.supersedes ?? []);
  c.board.head = c.board.supersedes.at(-1)?.hash ?? last;
  return c;
}

const flip = (hex: string) => {
  const b = fromHex(hex);
  b[0]! ^= 1;
  return toHex(b);
};

describe('re-voting in the election record', async () => {
  const record = await simulateElection({ voters: 4, revotes: 2, contests, seed: 'revote-test' });
  const sup = record.board.supersedes!;
  const first = sup[0]!;

  it('a record with replaced ballots verifies; only the last ballot of each voter counts', async () => {
    expect(await check(record)).toBe('ok');
    expect(record.board.entries).toHaveLength(6);
    expect(sup).toHaveLength(2);
    expect(record.results.ballots_counted).toBe(4);
    expect(await verifyRecord(record)).toEqual({ ok: true, ballots: 4 });
    expect(parseLargeRecord(new TextEncoder().encode(serializeRecord(record)))).toEqual(record);
    expect([...recordChunks(record)].join('')).toBe(serializeRecord(record));
    const votes = record.results.contests[0]!.options.reduce((a, o) => a + o.votes, 0);
    expect(votes).toBe(4);
    // Every ballot is tagged; the tag is bound to the election's parameters and the secret.
    for (const e of record.board.entries) expect(e.ballot.revote_tag).toMatch(/^[0-9a-f]{64}$/);
    const named = record.board.entries.find((e) => e.ballot.tracking_code === first.tracking_code)!;
    expect(revoteTag(record.parameters.parameter_hash, first.revote_secret)).toBe(named.ballot.revote_tag);
    // The owner check kept on the voted mark is a different hash of the same secret.
    expect(revoteOwner(record.parameters.parameter_hash, first.revote_secret)).not.toBe(
      named.ballot.revote_tag,
    );
  });

  it('fails on a changed secret: with the chain broken, and re-sealed', async () => {
    const broken = structuredClone(record);
    broken.board.supersedes![0]!.revote_secret = flip(first.revote_secret);
    expect(await check(broken)).toBe('supersede[0].chain');
    const resealed = forge(record, (c) => {
      c.board.supersedes![0]!.revote_secret = flip(first.revote_secret);
    });
    expect(await check(resealed)).toBe('supersede[0].secret');
  });

  it('fails on a supersede of a ballot that is not on the board', async () => {
    const c = forge(record, (x) => {
      x.board.supersedes![1]!.tracking_code = flip(sup[1]!.tracking_code);
    });
    expect(await check(c)).toBe('supersede[1].reference');
  });

  it('fails when a ballot is superseded twice', async () => {
    const c = forge(record, (x) => {
      x.board.supersedes!.push({ ...first });
      x.results.ballots_counted = 3;
    });
    expect(await check(c)).toBe('supersede[2].duplicate');
  });

  it('fails when the tally includes a superseded ballot, or a supersede is dropped', async () => {
    const all = structuredClone(record);
    all.tally = aggregateBallots(
      defaultGroup(),
      record.manifest,
      record.board.entries.map((e) => e.ballot),
    );
    expect(await check(all)).toBe('tally.contest[0].option[0]');
    const dropped = forge(record, (x) => {
      x.board.supersedes = [sup[1]!];
    });
    expect(await check(dropped)).toMatch(/^tally\.contest\[0\]\.option\[\d\]$/);
    const counted = structuredClone(record);
    counted.results.ballots_counted = 6;
    expect(await check(counted)).toBe('results.ballots_counted');
  });

  it('fails on malformed supersede entries and on a wrong head', async () => {
    const notArray = structuredClone(record) as unknown as { board: { supersedes: unknown } };
    notArray.board.supersedes = {};
    expect(await check(notArray as unknown as ElectionRecord)).toBe('board.format');
    const extra = structuredClone(record) as unknown as { board: { supersedes: Record<string, unknown>[] } };
    extra.board.supersedes[0]!.voter = 'x';
    expect(await check(extra as unknown as ElectionRecord)).toBe('supersede[0].format');
    const head = structuredClone(record);
    head.board.head = record.board.entries.at(-1)!.hash;
    expect(await check(head)).toBe('board.head');
    const badTag = structuredClone(record);
    badTag.board.entries[0]!.ballot.revote_tag = 'XYZ';
    expect(await check(badTag)).toBe('ballot[0].format');
  });

  it('a tag can be attached after encryption without changing the tracking code', () => {
    const s = createRevoteSecret(seededRng('t'));
    const b = record.board.entries[0]!.ballot;
    const t = withRevoteTag(
      { contests: b.contests, tracking_code: b.tracking_code },
      revoteTag(record.parameters.parameter_hash, s),
    );
    expect(t.tracking_code).toBe(b.tracking_code);
    expect(Object.keys(t)).toEqual(['contests', 'tracking_code', 'revote_tag']);
  });
});
