/**
 * k-of-n threshold key generation (Feldman VSS, every trustee a dealer).
 * Trustee i picks a random polynomial f_i of degree k-1, publishes commitments C_{i,l} = a_{i,l} G
 * with a Schnorr proof of knowledge for each, and sends f_i(j) privately to trustee j, who checks
 * f_i(j) G = sum_l j^l C_{i,l}. Trustee j's key share is s_j = sum_i f_i(j); the joint key is
 * K = sum_i C_{i,0}; any k shares reconstruct sum_i f_i(0) by Lagrange interpolation, k-1 reveal
 * nothing about it.
 */
import { fromHex, u32be } from './bytes.js';
import { decodeHex, encodeHex, type Group } from './group.js';
import { TAG } from './hash.js';
import { type ElectionParameters, manifestHash, parameterHash, type Manifest } from './manifest.js';
import { proveSchnorr, type SchnorrProofJson, verifySchnorr } from './proofs-dlog.js';
import { type Rng, randomScalar, secureRng } from './rng.js';
import { mod, scalarFromHex, scalarToHex } from './scalar.js';

/** What a trustee publishes during key generation (and what the record keeps). */
export interface TrusteePublic {
  index: number;
  name?: string;
  commitments: string[];
  proofs: SchnorrProofJson[];
}

/** A trustee's private state. Guard it: it holds the polynomial and, later, the key share. */
export interface TrusteeSecret {
  index: number;
  trustees: number;
  threshold: number;
  manifest_hash: string;
  coefficients: string[];
  /** s_j once all shares are received and verified. */
  key_share?: string;
  /** Secret of the key other trustees encrypt their shares to (see share-transport.ts). */
  transport_secret?: string;
}

/** Hash parts of the proof of knowledge for coefficient l of trustee i. */
export function pokParts(
  manifestHashHex: string,
  index: number,
  l: number,
  commitment: string,
): Uint8Array[] {
  return [fromHex(manifestHashHex, 32), u32be(index), u32be(l), fromHex(commitment, 32)];
}

/**
 * Create trustee `index` (1-based) of `trustees`, threshold `threshold`.
 * @throws Error on invalid index or threshold.
 */
export function createTrustee<P>(
  g: Group<P>,
  opts: {
    index: number;
    trustees: number;
    threshold: number;
    manifestHash: string;
    name?: string;
    rng?: Rng;
  },
): { secret: TrusteeSecret; public: TrusteePublic } {
  const { index, trustees, threshold } = opts;
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > trustees) throw new Error('bad threshold');
  if (!Number.isInteger(index) || index < 1 || index > trustees) throw new Error('bad trustee index');
  const rng = opts.rng ?? secureRng;
  const coefficients: bigint[] = [];
  for (let l = 0; l < threshold; l++) coefficients.push(randomScalar(rng));
  const commitments = coefficients.map((a) => encodeHex(g, g.mulG(a)));
  const proofs = coefficients.map((a, l) =>
    proveSchnorr(g, TAG.coefficientPok, pokParts(opts.manifestHash, index, l, commitments[l]!), a, rng),
  );
  return {
    secret: {
      index,
      trustees,
      threshold,
      manifest_hash: opts.manifestHash,
      coefficients: coefficients.map(scalarToHex),
    },
    public: { index, ...(opts.name ? { name: opts.name } : {}), commitments, proofs },
  };
}

/** Evaluate trustee's polynomial at `recipient` (the share sent privately to that trustee). */
export function shareFor(secret: TrusteeSecret, recipient: number): bigint {
  const x = BigInt(recipient);
  let acc = 0n;
  for (let l = secret.coefficients.length - 1; l >= 0; l--)
    acc = mod(acc * x + scalarFromHex(secret.coefficients[l]!));
  return acc;
}

/** Check a received share against the dealer's published commitments. Never throws. */
export function verifyShare<P>(
  g: Group<P>,
  dealer: TrusteePublic,
  recipient: number,
  share: bigint,
): boolean {
  try {
    const points = dealer.commitments.map((c) => decodeHex(g, c));
    const powers = points.map((_, l) => mod(BigInt(recipient) ** BigInt(l)));
    return g.equals(g.mulG(share), g.msm(points, powers));
  } catch {
    return false;
  }
}

/** Check a trustee's published commitments: count, encodings and proofs of knowledge. */
export function verifyTrusteePublic<P>(
  g: Group<P>,
  manifestHashHex: string,
  pub: TrusteePublic,
  k: number,
): boolean {
  if (!Array.isArray(pub.commitments) || pub.commitments.length !== k) return false;
  if (!Array.isArray(pub.proofs) || pub.proofs.length !== k) return false;
  try {
    return pub.commitments.every((c, l) =>
      verifySchnorr(
        g,
        TAG.coefficientPok,
        pokParts(manifestHashHex, pub.index, l, c),
        decodeHex(g, c),
        pub.proofs[l]!,
      ),
    );
  } catch {
    return false;
  }
}

/** Key share s_j = sum of the shares trustee j received (including its own f_j(j)). */
export function combineKeyShare(received: readonly bigint[]): bigint {
  return mod(received.reduce((a, b) => a + b, 0n));
}

/** Joint election key K = sum_i C_{i,0}. */
export function jointPublicKey<P>(g: Group<P>, pubs: readonly TrusteePublic[]): P {
  return pubs.reduce((acc, p) => g.add(acc, decodeHex(g, p.commitments[0]!)), g.identity);
}

/** Public verification key of trustee j: s_j G = sum_l j^l sum_i C_{i,l}. */
export function verificationKey<P>(g: Group<P>, pubs: readonly TrusteePublic[], j: number): P {
  const k = pubs[0]!.commitments.length;
  const summed: P[] = [];
  for (let l = 0; l < k; l++) {
    summed.push(pubs.reduce((acc, p) => g.add(acc, decodeHex(g, p.commitments[l]!)), g.identity));
  }
  return g.msm(
    summed,
    summed.map((_, l) => mod(BigInt(j) ** BigInt(l))),
  );
}

/** Build the published parameters once every trustee's commitments are known. */
export function buildParameters<P>(
  g: Group<P>,
  manifest: Manifest,
  pubs: readonly TrusteePublic[],
  threshold: number,
): ElectionParameters {
  const mh = manifestHash(manifest);
  const K = encodeHex(g, jointPublicKey(g, pubs));
  const n = pubs.length;
  return {
    group: 'ristretto255',
    manifest_hash: mh,
    trustees: n,
    threshold,
    joint_public_key: K,
    parameter_hash: parameterHash(
      mh,
      n,
      threshold,
      K,
      pubs.map((p) => p.commitments),
    ),
  };
}
