/**
 * Accepts gzip/deflate/br request bodies but counts the inflated bytes against the body limit, so a
 * small compressed bomb still gets 413.
 */
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.js';

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

export function registerRequestDecompression(app: FastifyInstance): void {
  app.addHook('preParsing', async (req, _reply, payload) => {
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
    if (encoding === 'identity') return payload;
    const make = DECODERS[encoding];
    if (!make) throw new AppError('unsupported_media_type', { reason: 'content_encoding' });
    let encoded = 0;
    payload.on('data', (chunk: Buffer) => {
      encoded += chunk.length;
    });
    const decoder = make();
    payload.pipe(decoder);
    const out = decoder as Transform & { receivedEncodedLength?: number };
    decoder.on('end', () => {
      out.receivedEncodedLength = encoded;
    });
    // The compressed length no longer describes the stream the parser reads.
    delete req.headers['content-length'];
    return out;
  });
}
