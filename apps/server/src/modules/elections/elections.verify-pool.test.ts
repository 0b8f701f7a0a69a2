/**
 * The ballot verification pool gives each ballot exactly the verdict `ballotProblem` gives it alone,
 * whether ballots go one by one or many at once (batched in a worker thread, bisected on failure).
 */
import { type EncryptedBallot, simulateElection } from '@unionhall/election-crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ballotProblem } from './elections.crypto.js';
import { BallotVerifyPool } from './elections.verify-pool.js';
import { verifyBatch } from './elections.verify-worker.js';

const contests = [
  {
    id: 'chair',
    title: 'Chair',
    min_selections: 0,
    max_selections: 1,
    options: Array.from({ length: 6 }, (_, i) => ({ id: `o${i}`, title: `O${i}` })),
  },
];
const record = await simulateElection({ voters: 40, contests, seed: 'verify-pool-test' });
const { manifest, parameters } = record;
const good = record.board.entries.map((e) => e.ballot);

/** Good ballots with a few broken in different ways, at different places. */
function mixed(): EncryptedBallot[] {
  const out = structuredClone(good);
  const p = out[3]!.contests[0]!.options[2]!.proof;
  p.v[0] = p.v[1]!; // a proof that fails only in the group equations (needs the batch)
  out[17]!.tracking_code = out[18]!.tracking_code; // a hash mismatch (cheap check)
  out[30]!.contests[0]!.options[0]!.ciphertext.alpha = 'zz'; // malformed
  const swap = out[31]!.contests[0]!.options;
  [swap[0], swap[1]] = [swap[1]!, swap[0]!]; // proofs moved between options
  return out;
}

const pools: BallotVerifyPool[] = [];
afterAll(async () => {
  for (const p of pools) await p.close();
});

describe('ballot verification pool', () => {
  const expected = mixed().map((b) => ballotProblem(manifest, parameters, b));

  it('names the same failing checks as the single-ballot verifier', () => {
    expect(expected.filter((x) => x !== null)).toHaveLength(4);
    expect(expected[3]).toBe('contest[0].option[2].proof');
    expect(expected[17]).toBe('tracking_code');
    expect(verifyBatch(manifest, parameters, mixed())).toEqual(expected);
    expect(verifyBatch(manifest, parameters, good)).toEqual(good.map(() => null));
  });

  it('answers concurrent casts through worker threads with the same verdicts', async () => {
    const pool = new BallotVerifyPool(2);
    pools.push(pool);
    const verdicts = await Promise.all(mixed().map((b) => pool.check(manifest, parameters, b)));
    expect(verdicts).toEqual(expected);
    // A lone ballot afterwards goes straight through.
    expect(await pool.check(manifest, parameters, good[0]!)).toBeNull();
    expect(pool.usingWorkers).toBe(true);
  }, 60_000);

  it('verifies in the calling thread with no workers, and after close', async () => {
    const inline = new BallotVerifyPool(0);
    expect(inline.usingWorkers).toBe(false);
    expect(await Promise.all(mixed().map((b) => inline.check(manifest, parameters, b)))).toEqual(expected);
    const pool = new BallotVerifyPool(1);
    await pool.close();
    expect(await pool.check(manifest, parameters, mixed()[3]!)).toBe('contest[0].option[2].proof');
  });

  it("keeps each election's context apart in a worker, and resends one it has dropped", async () => {
    const small = (i: number) =>
      simulateElection({
        voters: 2,
        contests: [{ ...contests[0]!, options: contests[0]!.options.slice(0, 2) }],
        seed: `verify-pool-context-${i}`,
      });
    const others = await Promise.all(Array.from({ length: 17 }, (_, i) => small(i)));
    const pool = new BallotVerifyPool(1);
    pools.push(pool);
    // interleaved: the first election's bad ballots and another election's good ones at once
    const b = others[0]!;
    const bBallots = b.board.entries.map((e) => e.ballot);
    const [mine, theirs] = await Promise.all([
      Promise.all(mixed().map((x) => pool.check(manifest, parameters, x))),
      Promise.all(bBallots.map((x) => pool.check(b.manifest, b.parameters, x))),
    ]);
    expect(mine).toEqual(expected);
    expect(theirs).toEqual(bBallots.map(() => null));
    // a ballot of one election checked against another's context fails
    expect(await pool.check(b.manifest, b.parameters, good[0]!)).not.toBeNull();
    // more elections than a worker keeps, then back to the first: still the right verdicts
    for (const o of others)
      expect(await pool.check(o.manifest, o.parameters, o.board.entries[0]!.ballot)).toBeNull();
    expect(await Promise.all(mixed().map((x) => pool.check(manifest, parameters, x)))).toEqual(expected);
    expect(pool.usingWorkers).toBe(true);
    // every batch was answered by the worker from a context it held (none fell back to this thread)
    expect(pool.stats.refused).toBe(0);
    expect(pool.stats.batches).toBeGreaterThan(others.length);
  }, 60_000);
});
