/**
 * Streaming text decoding with encoding detection: a BOM decides (UTF-8, UTF-16); otherwise the first
 * 64 KiB are tried as UTF-8 and, when they are mostly not UTF-8, the file is read as GB18030 (a superset of GBK,
 * which is what Excel in China writes for "CSV"). Bytes that are invalid in the chosen encoding become
 * U+FFFD, which the row validation reports as an encoding error on that row.
 */
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';

const SAMPLE_BYTES = 64 * 1024;

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export function detectEncoding(sample: Buffer): { encoding: Encoding; bomLength: number } {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf)
    return { encoding: 'utf-8', bomLength: 3 };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // stream: true lets a multi-byte sequence cut at the end of the sample pass. A UTF-8 file with a few
  // damaged bytes stays UTF-8 (those rows get an encoding error); GBK read as UTF-8 is mostly invalid.
  const text = new TextDecoder('utf-8').decode(sample, { stream: true });
  let invalid = 0;
  let nonAscii = 0;
  for (const ch of text) {
    if (ch === '\uFFFD') invalid++;
    else if (ch.charCodeAt(0) > 0x7f) nonAscii++;
  }
  return { encoding: invalid === 0 || invalid * 20 < nonAscii ? 'utf-8' : 'gb18030', bomLength: 0 };
}

/** Reads a sample, picks the encoding, and returns a stream of decoded text (BOM removed). */
export async function decodeStream(
  source: AsyncIterable<Buffer>,
): Promise<{ encoding: Encoding; text: Readable }> {
  const it = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < SAMPLE_BYTES) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    head.push(r.value);
    size += r.value.length;
  }
  const sample = Buffer.concat(head);
  const { encoding, bomLength } = detectEncoding(sample);
  async function* bytes() {
    yield sample.subarray(bomLength);
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  const text = Readable.from(bytes()).pipe(
    iconv.decodeStream(encoding === 'utf-8' ? 'utf8' : encoding),
  ) as unknown as Readable;
  return { encoding, text };
}
