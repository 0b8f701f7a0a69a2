/**
 * simulateElection: a complete, valid election record from random voters. Used for demos,
 * load tests (`unionhall election simulate`), benchmarks and test vectors. With a seed the
 * record is fully deterministic (same seed, same bytes) however the work is split across
 * workers, because every ballot draws from its own seeded stream.
 */
import { type EncryptedBallot, encryptBallot, type Selections } from './ballot.js';
import { buildBoard } from './board.js';
import type { Group } from './group.js';
import { defaultGroup } from './group-default.js';
import { type ContestManifest, type Manifest, manifestHash, type PublicContext } from './manifest.js';
import { RECORD_FORMAT, type ElectionRecord } from './record.js';
import { type Rng, secureRng, seededRng } from './rng.js';
import { createRevoteSecret, revoteTag, withRevoteTag } from './revote.js';
import { scalarToHex } from './scalar.js';
import {
  aggregateBallots,
  combineDecryptionShares,
  computeDecryptionShare,
  type TallyJson,
} from './tally.js';
import { buildParameters, combineKeyShare, createTrustee, shareFor, verifyShare } from './trustee.js';

/** Options of `simulateElection`. */
export interface SimulateOptions {
  voters: number;
  contests?: ContestManifest[];
  trustees?: number;
  threshold?: number;
  /** Makes the record deterministic. Omit for real randomness. */
  seed?: string;
  eligibleVoters?: number;
  /**
   * Simulate an election that allows re-voting: every ballot carries a re-vote tag and the
   * first `revotes` voters replace their ballot once (a supersede entry each).
   */
  revotes?: number;
  group?: Group<unknown>;
  /** Produces ballots [start, end); the Node entry passes a worker-thread version. */
  ballotGenerator?: BallotGenerator;
  /** Overrides the homomorphic sum (the Node entry sums in workers). */
  aggregator?: (manifest: Manifest, ballots: readonly EncryptedBallot[]) => Promise<TallyJson>;
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
}

/** Generates ballots `start..end-1` of a simulation. */
export type BallotGenerator = (args: {
  manifest: Manifest;
  context: PublicContext;
  voters: number;
  seed: string | undefined;
  onBallots: (n: number) => void;
}) => Promise<EncryptedBallot[]>;

/** The default contest: five candidates, choose at most one (a blank ballot is allowed). */
export const DEFAULT_CONTESTS: ContestManifest[] = [
  {
    id: 'president',
    title: 'President',
    min_selections: 0,
    max_selections: 1,
    options: ['ana', 'bo', 'chen', 'dara', 'eli'].map((id) => ({ id, title: id })),
  },
];

/** Random stream of ballot `i`: seeded streams keep simulations reproducible across splits. */
export function ballotRng(seed: string | undefined, i: number): Rng {
  return seed === undefined ? secureRng : seededRng(`${seed}/ballot/${i}`);
}

/** A random valid selection for each contest: a count in [min, max], then distinct options. */
export function randomSelections(manifest: Manifest, rng: Rng): Selections {
  const out: Record<string, string[]> = {};
  for (const c of manifest.contests) {
    const bytes = rng.bytes(1 + c.options.length);
    const span = c.max_selections - c.min_selections + 1;
    const count = c.min_selections + (bytes[0]! % span);
    const order = c.options
      .map((o, i) => ({ id: o.id, key: bytes[i + 1]! * 1000 + i }))
      .sort((a, b) => a.key - b.key);
    out[c.id] = order.slice(0, count).map((o) => o.id);
  }
  return out;
}

/** Encrypt ballots [start, end) of a simulation in this thread. */
export function simulateBallots(
  manifest: Manifest,
  context: PublicContext,
  seed: string | undefined,
  start: number,
  end: number,
  group: Group<unknown>,
  onBallot?: () => void,
): EncryptedBallot[] {
  const out: EncryptedBallot[] = [];
  for (let i = start; i < end; i++) {
    const rng = ballotRng(seed, i);
    out.push(encryptBallot(manifest, context, randomSelections(manifest, rng), { rng, group }).ballot);
    onBallot?.();
  }
  return out;
}

/**
 * Run a whole election: key ceremony (n trustees, threshold k), `voters` random valid ballots,
 * bulletin board, homomorphic tally, k decryption shares, results.
 * @throws Error on invalid options.
 */
export async function simulateElection(opts: SimulateOptions): Promise<ElectionRecord> {
  const n = opts.trustees ?? 3;
  const k = opts.threshold ?? Math.min(2, n);
  if (!Number.isSafeInteger(opts.voters) || opts.voters < 0)
    throw new Error('voters must be a non-negative integer');
  const g = opts.group ?? defaultGroup();
  const seed = opts.seed;
  const rngFor = (label: string) => (seed === undefined ? secureRng : seededRng(`${seed}/${label}`));
  const manifest: Manifest = {
    election_id: `simulated-${seed ?? 'random'}`,
    title: 'Simulated election',
    contests: opts.contests ?? DEFAULT_CONTESTS,
  };
  const progress = opts.onProgress ?? (() => {});

  // Key ceremony. Shares go straight to their recipients here; a real ceremony encrypts them
  // (share-transport.ts) and each recipient checks them against the dealer's commitments.
  const mh = manifestHash(manifest);
  const trustees = Array.from({ length: n }, (_, i) =>
    createTrustee(g, {
      index: i + 1,
      trustees: n,
      threshold: k,
      manifestHash: mh,
      rng: rngFor(`trustee/${i + 1}`),
    }),
  );
  for (const recipient of trustees) {
    const received = trustees.map((dealer) => {
      const s = shareFor(dealer.secret, recipient.secret.index);
      if (!verifyShare(g, dealer.public, recipient.secret.index, s)) throw new Error('share check failed');
      return s;
    });
    recipient.secret.key_share = scalarToHex(combineKeyShare(received));
  }
  const pubs = trustees.map((t) => t.public);
  const parameters = buildParameters(g, manifest, pubs, k);

  progress({ phase: 'ballots', done: 0, total: opts.voters });
  let done = 0;
  const onBallots = (m: number) => {
    done += m;
    progress({ phase: 'ballots', done, total: opts.voters });
  };
  const ballots = opts.ballotGenerator
    ? await opts.ballotGenerator({ manifest, context: parameters, voters: opts.voters, seed, onBallots })
    : simulateBallots(manifest, parameters, seed, 0, opts.voters, g, () => onBallots(1));

  progress({ phase: 'tally', done: 0, total: 1 });
  const revote = opts.revotes === undefined ? null : withRevotes(opts, manifest, parameters, ballots, g);
  const board = revote
    ? buildBoard(parameters.parameter_hash, revote.ballots, revote.supersedes)
    : buildBoard(parameters.parameter_hash, ballots);
  const tally = revote
    ? aggregateBallots(g, manifest, revote.counted)
    : opts.aggregator
      ? await opts.aggregator(manifest, ballots)
      : aggregateBallots(g, manifest, ballots);
  const decryption = trustees
    .slice(0, k)
    .map((t) =>
      computeDecryptionShare(
        g,
        manifest,
        parameters.parameter_hash,
        t.secret,
        tally,
        rngFor(`decrypt/${t.secret.index}`),
      ),
    );
  const counts = combineDecryptionShares(g, tally, decryption, k, Math.max(opts.voters, 1));
  const results = {
    contests: manifest.contests.map((c, ci) => ({
      contest_id: c.id,
      options: c.options.map((o, oi) => ({ option_id: o.id, votes: counts[ci]![oi]! })),
    })),
    ballots_counted: revote ? revote.counted.length : ballots.length,
    eligible_voters: opts.eligibleVoters ?? opts.voters,
  };
  progress({ phase: 'done', done: 1, total: 1 });
  return { format: RECORD_FORMAT, manifest, parameters, trustees: pubs, board, tally, decryption, results };
}

/**
 * Tag every ballot with a re-vote tag and let the first `revotes` voters cast a replacement
 * (ballot streams `voters + j`), whose supersede entries name their first ballots.
 */
function withRevotes(
  opts: SimulateOptions,
  manifest: Manifest,
  parameters: PublicContext,
  first: readonly EncryptedBallot[],
  g: Group<unknown>,
) {
  const r = opts.revotes ?? 0;
  if (!Number.isSafeInteger(r) || r < 0 || r > first.length)
    throw new Error('revotes must be in [0, voters]');
  const secretRng = (label: string) =>
    opts.seed === undefined ? secureRng : seededRng(`${opts.seed}/revote-secret/${label}`);
  const tag = (b: EncryptedBallot, label: string) => {
    const secret = createRevoteSecret(secretRng(label));
    return { ballot: withRevoteTag(b, revoteTag(parameters.parameter_hash, secret)), secret };
  };
  const tagged = first.map((b, i) => tag(b, String(i)));
  const again = simulateBallots(manifest, parameters, opts.seed, first.length, first.length + r, g).map(
    (b, j) => tag(b, String(first.length + j)).ballot,
  );
  const supersedes = tagged
    .slice(0, r)
    .map((t) => ({ tracking_code: t.ballot.tracking_code, revote_secret: t.secret }));
  const ballots = [...tagged.map((t) => t.ballot), ...again];
  return { ballots, supersedes, counted: [...tagged.slice(r).map((t) => t.ballot), ...again] };
}
