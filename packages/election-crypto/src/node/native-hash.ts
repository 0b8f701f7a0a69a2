/** Use Node's native SHA-2 for the protocol hashes (same outputs, several times faster). */
import { createHash } from 'node:crypto';
import { setHashFunctions } from '../hash.js';

/** Switch this thread's protocol hashing to node:crypto. */
export function useNativeHashes(): void {
  setHashFunctions({
    sha256: (d) => new Uint8Array(createHash('sha256').update(d).digest()),
    sha512: (d) => new Uint8Array(createHash('sha512').update(d).digest()),
  });
}
