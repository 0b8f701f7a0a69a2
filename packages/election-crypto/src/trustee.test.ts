import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeHex } from './group.js';
import { nobleGroup as g } from './group-noble.js';
import { manifestHash } from './manifest.js';
import { seededRng } from './rng.js';
import { scalarFromHex, scalarToHex } from './scalar.js';
import {
  createTransportKey,
  decryptShare,
  encryptShare,
  exportTrusteeBackup,
  importTrusteeBackup,
} from './share-transport.js';
import {
  aggregateBallots,
  checkDecryptionShare,
  combineDecryptionShares,
  computeDecryptionShare,
} from './tally.js';
import { encryptBallot } from './ballot.js';
import {
  buildParameters,
  combineKeyShare,
  createTrustee,
  shareFor,
  verificationKey,
  verifyShare,
  verifyTrusteePublic,
} from './trustee.js';

const manifest = {
  election_id: 'e1',
  title: 'Test',
  contests: [
    {
      id: 'q',
      title: 'Q',
      min_selections: 1,
      max_selections: 1,
      options: [
        { id: 'yes', title: 'Yes' },
        { id: 'no', title: 'No' },
      ],
    },
  ],
};
const mh = manifestHash(manifest);

function ceremony(n: number, k: number, seed: string) {
  const trustees = Array.from({ length: n }, (_, i) =>
    createTrustee(g, {
      index: i + 1,
      trustees: n,
      threshold: k,
      manifestHash: mh,
      rng: seededRng(`${seed}/${i}`),
    }),
  );
  for (const t of trustees) {
    const received = trustees.map((d) => shareFor(d.secret, t.secret.index));
    t.secret.key_share = scalarToHex(combineKeyShare(received));
  }
  return {
    trustees,
    params: buildParameters(
      g,
      manifest,
      trustees.map((t) => t.public),
      k,
    ),
  };
}

describe('threshold key generation and decryption', () => {
  const n = 4;
  const k = 3;
  const { trustees, params } = ceremony(n, k, 'tk');
  const votes = ['yes', 'no', 'yes', 'yes', 'no'];
  const ballots = votes.map((v, i) => encryptBallot(manifest, params, { q: [v] }, seededRng(`b${i}`)).ballot);
  const tally = aggregateBallots(g, manifest, ballots);
  const shares = trustees.map((t) =>
    computeDecryptionShare(
      g,
      manifest,
      params.parameter_hash,
      t.secret,
      tally,
      seededRng(`d${t.secret.index}`),
    ),
  );

  it('publishes valid commitments and shares that verify against them', () => {
    for (const t of trustees) expect(verifyTrusteePublic(g, mh, t.public, k)).toBe(true);
    const dealer = trustees[0]!;
    expect(verifyShare(g, dealer.public, 2, shareFor(dealer.secret, 2))).toBe(true);
    expect(verifyShare(g, dealer.public, 2, shareFor(dealer.secret, 3))).toBe(false);
    const forged = { ...dealer.public, commitments: [...dealer.public.commitments].reverse() };
    expect(verifyTrusteePublic(g, mh, forged, k)).toBe(false);
  });

  it('verification keys are the public halves of the key shares', () => {
    for (const t of trustees) {
      const vk = encodeHex(
        g,
        verificationKey(
          g,
          trustees.map((x) => x.public),
          t.secret.index,
        ),
      );
      expect(encodeHex(g, g.mulG(scalarFromHex(t.secret.key_share!)))).toBe(vk);
      expect(
        checkDecryptionShare(g, manifest, params.parameter_hash, tally, shares[t.secret.index - 1]!, vk),
      ).toBeNull();
    }
  });

  it('any k of n trustees give the same result; k-1 cannot', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([0, 1, 2, 3], { minLength: k - 1, maxLength: n }), (idx) => {
        const subset = idx.map((i) => shares[i]!);
        if (subset.length < k) {
          expect(() => combineDecryptionShares(g, tally, subset, k, 10)).toThrow();
          // Pretending the threshold were k-1 yields garbage, not the count.
          let wrong: number[][] | null = null;
          try {
            wrong = combineDecryptionShares(g, tally, subset, k - 1, 10);
          } catch {
            wrong = null;
          }
          expect(wrong).not.toEqual([[3, 2]]);
        } else {
          expect(combineDecryptionShares(g, tally, subset, k, 10)).toEqual([[3, 2]]);
        }
      }),
      { numRuns: 12 },
    );
  });

  it('a decryption share with a bad proof or value is rejected', () => {
    const vk = encodeHex(
      g,
      verificationKey(
        g,
        trustees.map((x) => x.public),
        1,
      ),
    );
    const bad = structuredClone(shares[0]!);
    bad.contests[0]!.options[1]!.share = bad.contests[0]!.options[0]!.share;
    expect(checkDecryptionShare(g, manifest, params.parameter_hash, tally, bad, vk)).toBe(
      'contest[0].option[1].proof',
    );
  });

  it('encrypts shares to a recipient and rejects tampering or the wrong key', async () => {
    const alice = createTransportKey(seededRng('alice'));
    const bob = createTransportKey(seededRng('bob'));
    const share = shareFor(trustees[0]!.secret, 2);
    const msg = await encryptShare(alice.public, share, 1, 2, seededRng('enc'));
    expect(await decryptShare(alice.secret, msg)).toBe(share);
    await expect(decryptShare(bob.secret, msg)).rejects.toThrow();
    await expect(decryptShare(alice.secret, { ...msg, to: 3 })).rejects.toThrow();
  });

  it('exports and imports a passphrase-protected backup', async () => {
    const secret = trustees[1]!.secret;
    const backup = await exportTrusteeBackup(secret, 'correct horse', { N: 1024, rng: seededRng('bk') });
    expect(JSON.stringify(backup)).not.toContain(secret.coefficients[0]);
    expect(await importTrusteeBackup(backup, 'correct horse')).toEqual(secret);
    await expect(importTrusteeBackup(backup, 'wrong')).rejects.toThrow('wrong passphrase');
  });
});
