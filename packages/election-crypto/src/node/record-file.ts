/**
 * Reading and writing record files (Node only). Records with many ballots can exceed the
 * longest string V8 allows (about 512 MiB), so large files are parsed piecewise: the
 * top-level structure is scanned in the raw bytes and each board entry parsed on its own.
 */
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import {
  type ElectionRecord,
  RecordFormatError,
  RECORD_FORMAT,
  parseRecord,
  recordChunks,
} from '../record.js';

const WHOLE_PARSE_LIMIT = 256 * 1024 * 1024;

/** Write the canonical serialisation of `record` to `path`, streaming, in 1 MiB writes. */
export function writeRecordFile(path: string, record: ElectionRecord): void {
  const fd = openSync(path, 'w');
  try {
    let buf: string[] = [];
    let len = 0;
    for (const chunk of recordChunks(record)) {
      buf.push(chunk);
      len += chunk.length;
      if (len >= 1 << 20) {
        writeSync(fd, buf.join(''));
        buf = [];
        len = 0;
      }
    }
    if (buf.length) writeSync(fd, buf.join(''));
  } finally {
    closeSync(fd);
  }
}

/**
 * Read and parse a record file.
 * @throws RecordFormatError if the file cannot be read or is not a JSON election record.
 */
export function readRecordFile(path: string): ElectionRecord {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new RecordFormatError(`cannot read ${path}: ${(e as Error).message}`);
  }
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new RecordFormatError(`cannot read ${path}: ${(e as Error).message}`);
  }
  if (size < WHOLE_PARSE_LIMIT) return parseRecord(buf.toString('utf8'));
  return parseLargeRecord(buf);
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** Parse a record from bytes, one board entry at a time. */
export function parseLargeRecord(buf: Uint8Array): ElectionRecord {
  const s = new Scanner(buf);
  const record = s.object((key) =>
    key === 'board'
      ? s.object((k) => (k === 'entries' || k === 'supersedes' ? s.array() : s.value()))
      : s.value(),
  );
  s.skipWs();
  if (s.pos !== buf.length) s.fail('trailing data');
  if (!record || typeof record !== 'object' || (record as { format?: unknown }).format !== RECORD_FORMAT) {
    throw new RecordFormatError(`not an election record (expected format "${RECORD_FORMAT}")`);
  }
  return record as unknown as ElectionRecord;
}

class Scanner {
  pos = 0;
  private readonly text = new TextDecoder('utf-8', { fatal: true });
  constructor(private readonly buf: Uint8Array) {}

  fail(what: string): never {
    throw new RecordFormatError(`not valid JSON at byte ${this.pos}: ${what}`);
  }

  skipWs(): void {
    while (this.pos < this.buf.length && WS.has(this.buf[this.pos]!)) this.pos++;
  }

  private expect(ch: string): void {
    this.skipWs();
    if (this.buf[this.pos] !== ch.charCodeAt(0)) this.fail(`expected ${ch}`);
    this.pos++;
  }

  private peek(): number {
    this.skipWs();
    return this.buf[this.pos] ?? -1;
  }

  /** Parse `{...}` calling `member(key)` to read each value. */
  object(member: (key: string) => unknown): Record<string, unknown> {
    this.expect('{');
    const out: Record<string, unknown> = {};
    if (this.peek() === 0x7d) {
      this.pos++;
      return out;
    }
    for (;;) {
      const key = this.value();
      if (typeof key !== 'string') this.fail('expected a key');
      this.expect(':');
      out[key] = member(key);
      const next = this.peek();
      this.pos++;
      if (next === 0x7d) return out;
      if (next !== 0x2c) this.fail('expected , or }');
    }
  }

  /** Parse `[...]`, each element with JSON.parse on its own bytes. */
  array(): unknown[] {
    this.expect('[');
    const out: unknown[] = [];
    if (this.peek() === 0x5d) {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      const next = this.peek();
      this.pos++;
      if (next === 0x5d) return out;
      if (next !== 0x2c) this.fail('expected , or ]');
    }
  }

  /** Parse one complete value by finding its end, then JSON.parse on that slice. */
  value(): unknown {
    this.skipWs();
    const start = this.pos;
    this.skipValue();
    try {
      return JSON.parse(this.text.decode(this.buf.subarray(start, this.pos)));
    } catch (e) {
      this.pos = start;
      return this.fail((e as Error).message);
    }
  }

  private skipValue(): void {
    const b = this.buf;
    let depth = 0;
    for (;;) {
      const c = b[this.pos];
      if (c === undefined) this.fail('unexpected end');
      if (depth === 0 && (c === 0x2c || c === 0x3a || c === 0x7d || c === 0x5d || WS.has(c))) return;
      if (c === 0x22) {
        this.pos++;
        while (b[this.pos] !== 0x22) {
          if (this.pos >= b.length) this.fail('unterminated string');
          this.pos += b[this.pos] === 0x5c ? 2 : 1;
        }
        this.pos++;
        if (depth === 0) return;
      } else if (c === 0x7b || c === 0x5b) {
        depth++;
        this.pos++;
      } else if (c === 0x7d || c === 0x5d) {
        depth--;
        this.pos++;
        if (depth === 0) return;
      } else this.pos++;
    }
  }
}
