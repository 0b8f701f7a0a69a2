/**
 * Domain-separated hashing. Every hash in the protocol goes through `hashParts`, whose input
 * encoding is: u32be(len(tag)) || tag || for each part: u32be(len(part)) || part.
 * Length prefixes make the encoding injective, so no two different argument lists collide
 * before the hash function itself is attacked.
 */
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToBigLE, u32be, utf8 } from './bytes.js';

/** Order of the ristretto255 group (the scalar field modulus). */
export const L = 2n ** 252n + 27742317777372353535851937790883648493n;

/** Domain tags, one per use. Changing any of them changes every hash of that kind. */
export const TAG = {
  manifest: 'unionhall/election/v1/manifest',
  parameters: 'unionhall/election/v1/parameters',
  coefficientPok: 'unionhall/election/v1/coefficient-pok',
  optionProof: 'unionhall/election/v1/option-proof',
  contestProof: 'unionhall/election/v1/contest-proof',
  trackingCode: 'unionhall/election/v1/tracking-code',
  boardGenesis: 'unionhall/election/v1/board-genesis',
  boardEntry: 'unionhall/election/v1/board-entry',
  decryptionProof: 'unionhall/election/v1/decryption-proof',
  shareEncryption: 'unionhall/election/v1/share-encryption',
  backup: 'unionhall/election/v1/trustee-backup',
  revoteTag: 'unionhall/election/v1/revote-tag',
  revoteOwner: 'unionhall/election/v1/revote-owner',
  boardSupersede: 'unionhall/election/v1/board-supersede',
} as const;

export type Part = Uint8Array | string;

/** A hash function from bytes to bytes. */
export type HashFn = (data: Uint8Array) => Uint8Array;

// Audited pure-JS SHA-2 by default; Node may swap in its native (identical, faster) SHA-2.
let sha256Impl: HashFn = sha256;
let sha512Impl: HashFn = sha512;

/** Replace the SHA-256/SHA-512 implementations (outputs must be identical; used for speed). */
export function setHashFunctions(fns: { sha256: HashFn; sha512: HashFn }): void {
  sha256Impl = fns.sha256;
  sha512Impl = fns.sha512;
}

function frame(tag: string, parts: readonly Part[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  let len = 0;
  const push = (b: Uint8Array) => {
    const prefix = u32be(b.length);
    chunks.push(prefix, b);
    len += 4 + b.length;
  };
  push(utf8(tag));
  for (const p of parts) push(typeof p === 'string' ? utf8(p) : p);
  const out = new Uint8Array(len);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

/** SHA-256 of the framed encoding (32 bytes). Used for identifiers and chain links. */
export function hashParts(tag: string, parts: readonly Part[]): Uint8Array {
  return sha256Impl(frame(tag, parts));
}

/**
 * Fiat-Shamir challenge: SHA-512 of the framed encoding read little-endian, reduced mod L.
 * 512 bits reduced mod a 253-bit order leave a bias below 2^-250.
 */
export function hashToScalar(tag: string, parts: readonly Part[]): bigint {
  return bytesToBigLE(sha512Impl(frame(tag, parts))) % L;
}
