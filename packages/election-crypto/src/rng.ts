/**
 * Randomness sources. Production code uses the platform CSPRNG; simulations and test vectors
 * use a seeded deterministic generator so the same seed always gives the same record.
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToBigLE, concatBytes, u64be, utf8 } from './bytes.js';
import { L } from './hash.js';

/** A source of random bytes. */
export interface Rng {
  bytes(n: number): Uint8Array;
}

/** The platform CSPRNG (WebCrypto `getRandomValues`, in browsers and Node 20). */
export const secureRng: Rng = {
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    // getRandomValues is limited to 65536 bytes per call.
    for (let off = 0; off < n; off += 65536) {
      globalThis.crypto.getRandomValues(out.subarray(off, Math.min(n, off + 65536)));
    }
    return out;
  },
};

/**
 * Deterministic generator: block_i = SHA-512("unionhall/rng/v1" || seed || u64be(i)).
 * NOT for real elections (anyone knowing the seed knows every nonce); only for simulations,
 * tests and published test vectors.
 */
export function seededRng(seed: string | Uint8Array): Rng {
  const key = concatBytes(utf8('unionhall/rng/v1'), typeof seed === 'string' ? utf8(seed) : seed);
  let counter = 0;
  let buf: Uint8Array = new Uint8Array(0);
  let pos = 0;
  return {
    bytes(n: number): Uint8Array {
      const out = new Uint8Array(n);
      let filled = 0;
      while (filled < n) {
        if (pos >= buf.length) {
          buf = sha512(concatBytes(key, u64be(counter++)));
          pos = 0;
        }
        const take = Math.min(n - filled, buf.length - pos);
        out.set(buf.subarray(pos, pos + take), filled);
        filled += take;
        pos += take;
      }
      return out;
    },
  };
}

/** Uniform non-zero scalar: 64 random bytes reduced mod L (bias < 2^-250). */
export function randomScalar(rng: Rng): bigint {
  for (;;) {
    const s = bytesToBigLE(rng.bytes(64)) % L;
    if (s !== 0n) return s;
  }
}
