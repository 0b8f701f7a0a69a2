/**
 * Keeps an upload until its job has run: streamed to a temporary file encrypted with a random key that
 * lives only in memory (so the plaintext never rests on disk, and a crash leaves only unreadable bytes).
 * Size limit, magic-byte check and SHA-256 are applied while streaming; on any failure the partial file
 * is removed. Leftovers of crashed processes are swept on the next upload.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../kernel/http/errors.js';

export type Spooled = { sha256: string; bytes: number; open: () => Readable; remove: () => void };

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Refuses content whose first bytes do not match the declared format. */
export function checkMagic(format: 'csv' | 'xlsx', head: Buffer): void {
  const isZip = head.subarray(0, 4).equals(ZIP_MAGIC);
  if (format === 'xlsx' && !isZip) throw new AppError('unsupported_media_type', { reason: 'not_xlsx' });
  if (format === 'csv') {
    const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
    if (isZip || (!utf16 && head.subarray(0, 4096).includes(0))) {
      throw new AppError('unsupported_media_type', { reason: 'not_text' });
    }
  }
}

function sweep(dir: string, olderThanMs: number) {
  for (const f of readdirSync(dir)) {
    const p = path.join(dir, f);
    try {
      if (Date.now() - statSync(p).mtimeMs > olderThanMs) rmSync(p, { force: true });
    } catch {
      // raced with another process: fine
    }
  }
}

/**
 * @throws AppError payload_too_large, unsupported_media_type, import.empty_file
 */
export async function spoolUpload(
  body: Readable,
  dir: string,
  id: string,
  format: 'csv' | 'xlsx',
  limit: number,
): Promise<Spooled> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  sweep(dir, 24 * 3_600_000);
  const file = path.join(dir, `${id}.bin`);
  const key = randomBytes(32);
  const iv = randomBytes(16);
  const hash = createHash('sha256');
  let bytes = 0;
  let head: Buffer | null = Buffer.alloc(0);
  const check = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (bytes > limit) return cb(new AppError('payload_too_large', { limitBytes: limit }));
      if (head) {
        head = Buffer.concat([head, chunk]);
        if (head.length >= 8) {
          try {
            checkMagic(format, head);
          } catch (e) {
            return cb(e as Error);
          }
          head = null;
        }
      }
      hash.update(chunk);
      cb(null, chunk);
    },
    flush(cb) {
      if (bytes === 0) return cb(new AppError('import.empty_file'));
      try {
        if (head) checkMagic(format, head);
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
  });
  const remove = () => rmSync(file, { force: true });
  try {
    await pipeline(
      body,
      check,
      createCipheriv('aes-256-ctr', key, iv),
      createWriteStream(file, { mode: 0o600 }),
    );
  } catch (err) {
    remove();
    if (err instanceof AppError) throw err;
    throw new AppError('bad_request', { reason: 'upload_aborted' });
  }
  return {
    sha256: hash.digest('hex'),
    bytes,
    open: () => createReadStream(file).pipe(createDecipheriv('aes-256-ctr', key, iv)),
    remove,
  };
}
