/**
 * The election record: everything a verifier needs, nothing that identifies a voter.
 * Serialised as canonical JSON (see canonical.ts); `recordChunks` yields the same bytes in
 * pieces so records with many ballots can be streamed to disk.
 */
import type { BoardJson } from './board.js';
import { canonicalJson } from './canonical.js';
import type { ElectionParameters, Manifest } from './manifest.js';
import type { DecryptionShareJson, ResultsJson, TallyJson } from './tally.js';
import type { TrusteePublic } from './trustee.js';

/** Format identifier; a verifier rejects records of any other format. */
export const RECORD_FORMAT = 'unionhall-election-record/1';

/** The published election record. */
export interface ElectionRecord {
  format: typeof RECORD_FORMAT;
  manifest: Manifest;
  parameters: ElectionParameters;
  trustees: TrusteePublic[];
  board: BoardJson;
  tally: TallyJson;
  decryption: DecryptionShareJson[];
  results: ResultsJson;
}

/** Thrown when input is not a record at all (unreadable, not JSON, wrong format). */
export class RecordFormatError extends Error {
  override name = 'RecordFormatError';
}

/** Canonical JSON of the whole record. For large records prefer `recordChunks`. */
export function serializeRecord(record: ElectionRecord): string {
  return canonicalJson(record);
}

/**
 * The canonical serialisation in pieces: the header, then each board entry, then the rest.
 * Concatenated they equal `serializeRecord(record)` exactly.
 */
export function* recordChunks(record: ElectionRecord): Generator<string> {
  // A sentinel no JSON string escape can produce by accident from record data: the entries
  // array is replaced by it, the canonical text split around it, and entries streamed between.
  const sentinel = `\u0001entries-${Math.random().toString(36).slice(2)}\u0001`;
  const shell = canonicalJson({ ...record, board: { ...record.board, entries: sentinel as unknown as [] } });
  const marker = JSON.stringify(sentinel);
  const at = shell.indexOf(marker);
  if (at < 0 || shell.indexOf(marker, at + 1) >= 0) throw new Error('record serialisation sentinel clash');
  yield `${shell.slice(0, at)}[`;
  const { entries } = record.board;
  for (let i = 0; i < entries.length; i++) yield (i > 0 ? ',' : '') + canonicalJson(entries[i]);
  yield `]${shell.slice(at + marker.length)}`;
}

/**
 * Parse record text. Only checks that it is JSON with this format identifier; everything else
 * is the verifier's job, so that a damaged record is reported as INVALID, not as unreadable.
 * @throws RecordFormatError if the text is not JSON or not an election record.
 */
export function parseRecord(text: string): ElectionRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new RecordFormatError(`not valid JSON: ${(e as Error).message}`);
  }
  if (!value || typeof value !== 'object' || (value as { format?: unknown }).format !== RECORD_FORMAT) {
    throw new RecordFormatError(`not an election record (expected format "${RECORD_FORMAT}")`);
  }
  return value as ElectionRecord;
}
