import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LinearCombination, randomWeights } from './batch.js';
import { concatBytes } from './bytes.js';
import { addCiphertexts, encrypt } from './elgamal.js';
import { createFastGroup } from './fast/group-fast.js';
import type { Group } from './group.js';
import { nobleGroup } from './group-noble.js';
import { TAG } from './hash.js';
import {
  accumulateOneOf,
  challengesMatch,
  type OneOfStatement,
  parseOneOf,
  proveOneOf,
  verifyOneOfReference,
} from './proofs.js';
import { randomScalar, seededRng } from './rng.js';
import { discreteLog } from './dlog.js';

const rng = seededRng('proofs-test');
const groups: [string, Group<unknown>][] = [
  ['noble', nobleGroup as Group<unknown>],
  ['wasm', createFastGroup() as unknown as Group<unknown>],
];

describe.each(groups)('proofs on %s', (_name, g) => {
  const sk = randomScalar(rng);
  const K = g.mulG(sk);
  const mulK = g.fixed(K);
  const statement = (ct: { alpha: unknown; beta: unknown }, values: number[]): OneOfStatement<unknown> => ({
    tag: TAG.optionProof,
    parts: ['ctx', concatBytes(g.encode(ct.alpha), g.encode(ct.beta))],
    values,
    alpha: ct.alpha,
    beta: ct.beta,
  });

  it('decrypted homomorphic sums equal plaintext sums', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 12 }), (ms) => {
        const cts = ms.map((m) => encrypt(g, mulK, m, randomScalar(rng)));
        const sum = addCiphertexts(g, cts);
        const M = g.sub(sum.beta, g.mul(sum.alpha, sk));
        expect(discreteLog(g, M, 1000)).toBe(ms.reduce((a, b) => a + b, 0));
      }),
      { numRuns: 15 },
    );
  });

  it('a 0/1 proof verifies for 0 and 1, and a proof for any other value never verifies', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 1 }), (m, claimed) => {
        const r = randomScalar(rng);
        const ct = encrypt(g, mulK, m, r);
        const st = statement(ct, [0, 1]);
        // A cheating prover runs the honest algorithm pretending the plaintext is `claimed`.
        const proof = proveOneOf(g, mulK, st, r, claimed, rng);
        expect(verifyOneOfReference(g, K, st, proof)).toBe(m === claimed);
      }),
      { numRuns: 20 },
    );
  });

  it('a range proof for a count outside [min, max] fails', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 3 }), (count, min) => {
        const max = min + 2;
        const values = [min, min + 1, min + 2];
        const r = randomScalar(rng);
        const ct = encrypt(g, mulK, count, r);
        const st = statement(ct, values);
        const inRange = count >= min && count <= max;
        const proof = proveOneOf(g, mulK, st, r, inRange ? count : min, rng);
        expect(verifyOneOfReference(g, K, st, proof)).toBe(inRange);
      }),
      { numRuns: 20 },
    );
  });

  it('batch verification accepts exactly when every proof would, with any one proof tampered', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: -1, max: 5 }),
        fc.constantFrom('v', 'c', 'a', 'b', 'm'),
        (n, badIndex, field) => {
          const items = Array.from({ length: n }, (_, i) => {
            const m = i % 2;
            const r = randomScalar(rng);
            const ct = encrypt(g, mulK, i === badIndex && field === 'm' ? 2 : m, r);
            const st = statement(ct, [0, 1]);
            const proof = proveOneOf(g, mulK, st, r, m, rng);
            if (i === badIndex && field === 'v') proof.v[0] = proof.v[1]!;
            if (i === badIndex && field === 'a') proof.a[0] = proof.a[1]!;
            if (i === badIndex && field === 'b')
              proof.b[1] = g.encode(g.G).reduce((s, x) => s + x.toString(16).padStart(2, '0'), '');
            if (i === badIndex && field === 'c') [proof.c[0], proof.c[1]] = [proof.c[1]!, proof.c[0]!];
            return { st, proof };
          });
          const refOk = items.every(({ st, proof }) => verifyOneOfReference(g, K, st, proof));
          const lc = new LinearCombination<unknown>();
          const w = randomWeights();
          let hashesOk = true;
          for (const { st, proof } of items) {
            const p = parseOneOf(proof, 2);
            if (!challengesMatch(st, p)) hashesOk = false;
            const co = accumulateOneOf(lc, st.values, p.a.map(g.decode), p.b.map(g.decode), p, w);
            lc.add(st.alpha, co.alpha);
            lc.add(st.beta, co.beta);
          }
          expect(hashesOk && lc.isIdentity(g, K)).toBe(refOk);
          expect(refOk).toBe(badIndex < 0 || badIndex >= n);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('simulated branches need only the nonce (no variable-base work) and still verify', () => {
    const r = randomScalar(rng);
    const ct = encrypt(g, mulK, 3, r);
    const st = statement(ct, [1, 2, 3, 4]);
    expect(verifyOneOfReference(g, K, st, proveOneOf(g, mulK, st, r, 3, rng))).toBe(true);
  });
});
