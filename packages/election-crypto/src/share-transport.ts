/**
 * Confidential transport of key-generation shares and passphrase-protected backups of a
 * trustee's private state. AES-256-GCM comes from WebCrypto (`globalThis.crypto.subtle`, in
 * browsers and Node 20); key agreement is ECDH on ristretto255, key derivation HKDF-SHA256 or
 * scrypt from @noble/hashes.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { scrypt } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, fromHex, fromUtf8, toHex, u32be, utf8 } from './bytes.js';
import { canonicalJson } from './canonical.js';
import { decodeHex, encodeHex } from './group.js';
import { nobleGroup as g } from './group-noble.js';
import { TAG } from './hash.js';
import { type Rng, randomScalar, secureRng } from './rng.js';
import { scalarFromHex, scalarToHex } from './scalar.js';
import type { TrusteeSecret } from './trustee.js';

/** A share encrypted from trustee `from` to trustee `to`. */
export interface EncryptedShare {
  from: number;
  to: number;
  ephemeral: string;
  nonce: string;
  ciphertext: string;
}

/** A passphrase-encrypted trustee state. */
export interface TrusteeBackup {
  format: 'unionhall-trustee-backup/1';
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  nonce: string;
  ciphertext: string;
}

// Copy into a fresh ArrayBuffer-backed array: WebCrypto's types reject views of shared buffers.
function buf(b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(b.length);
  out.set(b);
  return out;
}

async function aesGcm(
  mode: 'encrypt' | 'decrypt',
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  data: Uint8Array,
) {
  const subtle = globalThis.crypto.subtle;
  const k = await subtle.importKey('raw', buf(key), 'AES-GCM', false, [mode]);
  const params = { name: 'AES-GCM', iv: buf(nonce), additionalData: buf(aad) };
  const out =
    mode === 'encrypt'
      ? await subtle.encrypt(params, k, buf(data))
      : await subtle.decrypt(params, k, buf(data));
  return new Uint8Array(out);
}

/** A fresh transport key pair (hex): other trustees encrypt their shares to `public`. */
export function createTransportKey(rng: Rng = secureRng): { secret: string; public: string } {
  const s = randomScalar(rng);
  return { secret: scalarToHex(s), public: encodeHex(g, g.mulG(s)) };
}

function shareKey(shared: Uint8Array, eph: Uint8Array, recipient: Uint8Array, from: number, to: number) {
  const info = concatBytes(utf8(TAG.shareEncryption), u32be(from), u32be(to));
  return hkdf(sha256, shared, concatBytes(eph, recipient), info, 32);
}

/** Encrypt `share` (f_from(to)) to the recipient's transport public key. */
export async function encryptShare(
  recipientPublic: string,
  share: bigint,
  from: number,
  to: number,
  rng: Rng = secureRng,
): Promise<EncryptedShare> {
  const recipient = decodeHex(g, recipientPublic);
  const e = randomScalar(rng);
  const eph = g.encode(g.mulG(e));
  const shared = g.encode(g.mulSecret(recipient, e));
  const key = shareKey(shared, eph, fromHex(recipientPublic, 32), from, to);
  const nonce = rng.bytes(12);
  const ct = await aesGcm(
    'encrypt',
    key,
    nonce,
    concatBytes(u32be(from), u32be(to)),
    fromHex(scalarToHex(share)),
  );
  return { from, to, ephemeral: toHex(eph), nonce: toHex(nonce), ciphertext: toHex(ct) };
}

/**
 * Decrypt a share with the recipient's transport secret. Verify it against the dealer's
 * commitments afterwards (`verifyShare`); decryption only proves who could read it.
 * @throws Error if the message was altered or is addressed to another key.
 */
export async function decryptShare(recipientSecret: string, msg: EncryptedShare): Promise<bigint> {
  const s = scalarFromHex(recipientSecret);
  const eph = fromHex(msg.ephemeral, 32);
  const shared = g.encode(g.mulSecret(g.decode(eph), s));
  const key = shareKey(shared, eph, g.encode(g.mulG(s)), msg.from, msg.to);
  const aad = concatBytes(u32be(msg.from), u32be(msg.to));
  const pt = await aesGcm('decrypt', key, fromHex(msg.nonce, 12), aad, fromHex(msg.ciphertext));
  return scalarFromHex(toHex(pt));
}

/**
 * Encrypt a trustee's private state under a passphrase (scrypt N=2^15, r=8, p=1 by default).
 * Lower N only in tests: it is the only thing slowing a guessing attack.
 */
export async function exportTrusteeBackup(
  secret: TrusteeSecret,
  passphrase: string,
  opts: { N?: number; rng?: Rng } = {},
): Promise<TrusteeBackup> {
  const rng = opts.rng ?? secureRng;
  const kdf = { name: 'scrypt' as const, N: opts.N ?? 2 ** 15, r: 8, p: 1, salt: toHex(rng.bytes(16)) };
  const key = scrypt(utf8(passphrase), fromHex(kdf.salt), { N: kdf.N, r: kdf.r, p: kdf.p, dkLen: 32 });
  const nonce = rng.bytes(12);
  const ct = await aesGcm('encrypt', key, nonce, utf8(TAG.backup), utf8(canonicalJson(secret)));
  return { format: 'unionhall-trustee-backup/1', kdf, nonce: toHex(nonce), ciphertext: toHex(ct) };
}

/**
 * Decrypt a backup made by `exportTrusteeBackup`.
 * @throws Error on a wrong passphrase or an altered backup.
 */
export async function importTrusteeBackup(backup: TrusteeBackup, passphrase: string): Promise<TrusteeSecret> {
  if (backup?.format !== 'unionhall-trustee-backup/1' || backup.kdf?.name !== 'scrypt') {
    throw new Error('unknown backup format');
  }
  const { N, r, p, salt } = backup.kdf;
  const key = scrypt(utf8(passphrase), fromHex(salt), { N, r, p, dkLen: 32 });
  let pt: Uint8Array;
  try {
    pt = await aesGcm(
      'decrypt',
      key,
      fromHex(backup.nonce, 12),
      utf8(TAG.backup),
      fromHex(backup.ciphertext),
    );
  } catch {
    throw new Error('wrong passphrase or damaged backup');
  }
  return JSON.parse(fromUtf8(pt)) as TrusteeSecret;
}
