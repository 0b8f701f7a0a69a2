import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boardEntryHash } from './board.js';
import { fromHex, toHex } from './bytes.js';
import { type ElectionRecord, recordChunks, serializeRecord } from './record.js';
import { simulateElection } from './simulate.js';
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
  {
    id: 'board',
    title: 'Board',
    min_selections: 0,
    max_selections: 2,
    options: ['wim', 'xia', 'yan'].map((id) => ({ id, title: id })),
  },
];

/** Flip one bit of the bytes behind a hex string. */
function flipHex(hex: string, bit: number): string {
  const b = fromHex(hex);
  b[(bit >> 3) % b.length]! ^= 1 << (bit & 7);
  return toHex(b);
}

/** Every hex string in the record, as a path of keys. */
function hexPaths(
  v: unknown,
  path: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)) out.push(path);
  else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) hexPaths(v[i], [...path, i], out);
  } else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) hexPaths(x, [...path, k], out);
  return out;
}

function mutate(r: ElectionRecord, path: (string | number)[], f: (v: unknown) => unknown): ElectionRecord {
  const copy = structuredClone(r) as unknown as Record<string | number, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  at[last] = f(at[last]);
  return copy as unknown as ElectionRecord;
}

/** Both verifiers must agree; returns the named check (or 'ok'). */
async function check(r: ElectionRecord): Promise<string> {
  const fast = await verifyRecord(r);
  const ref = verifyRecordReference(r);
  expect(fast).toEqual(ref);
  return fast.ok ? 'ok' : fast.check;
}

describe('election record verification', async () => {
  const record = await simulateElection({
    voters: 5,
    contests,
    trustees: 3,
    threshold: 2,
    seed: 'record-test',
  });
  const entries = record.board.entries;

  it('accepts the intact record, and serialises canonically in streamable chunks', async () => {
    expect(await check(record)).toBe('ok');
    expect([...recordChunks(record)].join('')).toBe(serializeRecord(record));
    expect(JSON.parse(serializeRecord(record))).toEqual(record);
    expect(record.results.ballots_counted).toBe(5);
    const total = record.results.contests[0]!.options.reduce((a, o) => a + o.votes, 0);
    expect(total).toBe(5);
  });

  it.each([
    [
      ['board', 'entries', 3, 'ballot', 'contests', 0, 'options', 1, 'ciphertext', 'beta'],
      /^ballot\[3\]\.contest\[0\]\.option\[1\]\.(ciphertext|proof)$/,
    ],
    [
      ['board', 'entries', 1, 'ballot', 'contests', 1, 'options', 2, 'proof', 'v', 0],
      /^ballot\[1\]\.contest\[1\]\.option\[2\]\.proof$/,
    ],
    [
      ['board', 'entries', 1, 'ballot', 'contests', 1, 'options', 0, 'proof', 'a', 1],
      /^ballot\[1\]\.contest\[1\]\.option\[0\]\.proof$/,
    ],
    [
      ['board', 'entries', 2, 'ballot', 'contests', 1, 'range_proof', 'c', 2],
      /^ballot\[2\]\.contest\[1\]\.range_proof$/,
    ],
    [['board', 'entries', 4, 'ballot', 'tracking_code'], /^ballot\[4\]\.tracking_code$/],
    [['board', 'entries', 2, 'hash'], /^ballot\[2\]\.chain$/],
    [['board', 'entries', 4, 'hash'], /^ballot\[4\]\.chain$/],
    [['board', 'head'], /^board\.head$/],
    [['board', 'genesis'], /^board\.genesis$/],
    [['tally', 'contests', 1, 'options', 1, 'alpha'], /^tally\.contest\[1\]\.option\[1\]$/],
    [
      ['decryption', 1, 'contests', 0, 'options', 2, 'share'],
      /^decryption\[1\]\.contest\[0\]\.option\[2\]\.proof$/,
    ],
    [
      ['decryption', 0, 'contests', 1, 'options', 0, 'proof', 'v'],
      /^decryption\[0\]\.contest\[1\]\.option\[0\]\.proof$/,
    ],
    [['parameters', 'joint_public_key'], /^parameters\.joint_public_key$/],
    [['parameters', 'parameter_hash'], /^parameters\.parameter_hash$/],
    [['trustees', 2, 'commitments', 1], /^trustee\[2\]\.(commitments|proof\[1\])$/],
    [['trustees', 0, 'proofs', 0, 'u'], /^trustee\[0\]\.proof\[0\]$/],
  ])('a flipped bit at %j fails as %s', async (path, expected) => {
    expect(await check(mutate(record, path, (v) => flipHex(v as string, 11)))).toMatch(expected);
  });

  it('rejects wrong results and counts', async () => {
    const votes = ['results', 'contests', 1, 'options', 2, 'votes'];
    expect(await check(mutate(record, votes, (v) => (v as number) + 1))).toBe('results.contest[1].option[2]');
    expect(await check(mutate(record, ['results', 'ballots_counted'], () => 6))).toBe(
      'results.ballots_counted',
    );
    expect(await check(mutate(record, ['results', 'eligible_voters'], () => 4))).toBe(
      'results.eligible_voters',
    );
    expect(await check(mutate(record, ['manifest', 'title'], () => 'Other'))).toBe(
      'parameters.manifest_hash',
    );
  });

  it('rejects a replayed ballot and a reordered board', async () => {
    const dup = structuredClone(record);
    const copy = structuredClone(entries[1]!.ballot);
    const hash = boardEntryHash(dup.board.head, copy);
    dup.board.entries.push({ ballot: copy, hash });
    dup.board.head = hash;
    expect(await check(dup)).toBe('ballot[5].duplicate');
    const swapped = structuredClone(record);
    const e = swapped.board.entries;
    [e[1], e[2]] = [e[2]!, e[1]!];
    expect(await check(swapped)).toBe('ballot[1].chain');
  });

  it('any single flipped bit in any hash, point or scalar is caught, with the same name by both verifiers', async () => {
    const paths = hexPaths(record);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: paths.length - 1 }),
        fc.integer({ min: 0, max: 255 }),
        async (i, bit) => {
          expect(await check(mutate(record, paths[i]!, (v) => flipHex(v as string, bit)))).not.toBe('ok');
        },
      ),
      { numRuns: 8 },
    );
  });
});
