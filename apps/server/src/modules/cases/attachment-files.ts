/**
 * Attachment files on disk: magic-byte detection (JPEG, PNG, PDF), streaming AES-256-GCM encryption
 * under a random name in <dataDir>/attachments, and cleanup of the partial file when an upload is
 * aborted, too large or of the wrong type. File names from the client are never used as paths.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FieldCipher } from '../../kernel/crypto/field.js';
import { AppError } from '../../kernel/http/errors.js';

export const ATTACHMENT_LIMIT_BYTES = 10 * 1024 * 1024;
export type AttachmentMime = 'image/jpeg' | 'image/png' | 'application/pdf';

/** The type the first bytes prove, or null. */
export function sniffMime(head: Buffer): AttachmentMime | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (
    head.length >= 8 &&
    head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'image/png';
  if (head.length >= 5 && head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}

/** A display name safe to store and to send back: no directories, no control characters, bounded. */
export function safeDisplayName(raw: string | undefined, mime: AttachmentMime): string {
  const ext = mime === 'image/jpeg' ? '.jpg' : mime === 'image/png' ? '.png' : '.pdf';
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f && !'"<>|:*?'.includes(ch))
    .join('')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 100);
  return clean.length > 0 ? clean : `attachment${ext}`;
}

export const attachmentsDir = (dataDir: string) => path.join(dataDir, 'attachments');

export type StoredFile = {
  storedName: string;
  key: Buffer;
  iv: Buffer;
  tag: Buffer;
  size: number;
  mime: AttachmentMime;
};

/**
 * Streams the upload, checking the magic bytes on the first chunk and the size as it goes, encrypted
 * into a `.part` file that is renamed only when complete; on any failure the partial file is removed.
 * @throws AppError unsupported_media_type, payload_too_large
 */
export async function storeEncrypted(
  dataDir: string,
  body: Readable,
  declared: string | null,
): Promise<StoredFile> {
  const dir = attachmentsDir(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const storedName = randomBytes(16).toString('hex');
  const partial = path.join(dir, `${storedName}.part`);
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  let size = 0;
  let head = Buffer.alloc(0);
  let mime: AttachmentMime | null = null;
  const check = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > ATTACHMENT_LIMIT_BYTES)
        return done(new AppError('payload_too_large', { limitBytes: ATTACHMENT_LIMIT_BYTES }));
      if (!mime) {
        head = Buffer.concat([head, chunk]);
        if (head.length < 8) return done();
        mime = sniffMime(head);
        if (!mime || (declared && declared !== 'application/octet-stream' && declared !== mime)) {
          return done(
            new AppError('unsupported_media_type', {
              accepted: ['image/jpeg', 'image/png', 'application/pdf'],
            }),
          );
        }
        const h = head;
        head = Buffer.alloc(0);
        return done(null, h);
      }
      done(null, chunk);
    },
    flush(done) {
      if (!mime) {
        mime = sniffMime(head);
        if (!mime) return done(new AppError('unsupported_media_type'));
        this.push(head);
      }
      done();
    },
  });
  try {
    await pipeline(body, check, cipher, createWriteStream(partial, { mode: 0o600 }));
    await rename(partial, path.join(dir, storedName));
  } catch (err) {
    await unlink(partial).catch(() => {});
    if (err instanceof AppError) throw err;
    throw new AppError('bad_request', { reason: 'upload interrupted' });
  }
  return { storedName, key, iv, tag: cipher.getAuthTag(), size, mime: mime! };
}

/**
 * The columns every table of stored files shares (case attachments, announcement files): the safe
 * display name, the random stored name, the checked type and size, and the file's own key encrypted
 * under the data key with the table's key column as associated data.
 */
export function storedFileColumns(
  cipher: FieldCipher,
  keyColumn: string,
  stored: StoredFile,
  fileName: string | undefined,
  createdAt: Date,
) {
  return {
    file_name: safeDisplayName(fileName, stored.mime),
    stored_name: stored.storedName,
    mime: stored.mime,
    size_bytes: stored.size,
    key_enc: cipher.encrypt(keyColumn, stored.key.toString('base64')),
    iv: stored.iv,
    tag: stored.tag,
    created_at: createdAt,
  };
}

/** Reads and decrypts a stored file. @throws Error when the file was altered */
export async function readDecrypted(
  dataDir: string,
  f: { storedName: string; key: Buffer; iv: Buffer; tag: Buffer },
) {
  if (!/^[0-9a-f]{32}$/.test(f.storedName)) throw new Error('bad stored name');
  const blob = await readFile(path.join(attachmentsDir(dataDir), f.storedName));
  const d = createDecipheriv('aes-256-gcm', f.key, f.iv);
  d.setAuthTag(f.tag);
  return Buffer.concat([d.update(blob), d.final()]);
}

/** Removes a stored file (when the database insert fails after the file was written). */
export async function removeStored(dataDir: string, storedName: string): Promise<void> {
  await unlink(path.join(attachmentsDir(dataDir), storedName)).catch(() => {});
}
