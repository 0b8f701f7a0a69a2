/**
 * Field encryption (AES-256-GCM, key id in the header, column name as associated data so a
 * ciphertext cannot be moved to another column) and keyed blind indexes for exact lookups.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { KeyRing } from './keyring.js';

const VERSION = 1;

export class FieldCipher {
  constructor(private readonly ring: KeyRing) {}

  /** Encrypts a value for the named column, e.g. `users.phone`. */
  encrypt(column: string, plaintext: string): Buffer {
    const { id, key } = this.ring.activeEncryptionKey();
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(Buffer.from(column));
    const ct = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
    const header = Buffer.alloc(5);
    header.writeUInt8(VERSION, 0);
    header.writeUInt32BE(id, 1);
    return Buffer.concat([header, iv, c.getAuthTag(), ct]);
  }

  /**
   * @throws Error when the ciphertext was altered or belongs to another column.
   */
  async decrypt(column: string, blob: Buffer): Promise<string> {
    if (blob.length < 33 || blob.readUInt8(0) !== VERSION) throw new Error('unknown ciphertext format');
    const key = await this.ring.encryptionKey(blob.readUInt32BE(1));
    if (!key) throw new Error('unknown data key');
    const d = createDecipheriv('aes-256-gcm', key, blob.subarray(5, 17));
    d.setAAD(Buffer.from(column));
    d.setAuthTag(blob.subarray(17, 33));
    return Buffer.concat([d.update(blob.subarray(33)), d.final()]).toString('utf8');
  }

  /** Keyed blind index of a normalised value: equal inputs give equal indexes, nothing else leaks. */
  blindIndex(column: string, normalised: string): string {
    return createHmac('sha256', this.ring.blindIndexKey())
      .update(`${column}\u0000${normalised}`)
      .digest('base64url');
  }
}

/** Masks for display; unmasking is a separate, audited reveal. */
export const mask = {
  phone: (v: string) => (v.length >= 7 ? `${v.slice(0, 3)}****${v.slice(-4)}` : '****'),
  email: (v: string) => {
    const [local = '', domain = ''] = v.split('@');
    return `${local.slice(0, 1)}***@${domain}`;
  },
  idNumber: (v: string) => (v.length > 8 ? `${v.slice(0, 4)}**********${v.slice(-4)}` : '********'),
  name: (v: string) =>
    v.length <= 1 ? '*' : `${Array.from(v)[0]}${'*'.repeat(Math.max(1, Array.from(v).length - 1))}`,
  text: (_v: string) => '******',
};
