/**
 * Chinese text in PDFs from the Noto Sans SC unicode-range subsets of @fontsource/noto-sans-sc
 * (~100 woff2 files per weight). A text-run splitter picks, per character, a subset whose cmap has
 * the glyph: unicode.json names the candidate subsets, each candidate font is loaded lazily and its
 * character set cached (process-wide), so only the few subsets a document needs are read and embedded.
 *
 * The WOFF 1 files are used, unpacked here to plain TrueType: pdfkit's subsetter copies raw `glyf`
 * bytes, which a WOFF 2 file does not have (its transformed glyf table renders as fragments), and
 * fontkit's own WOFF 1 inflater (tiny-inflate) fails on some of these files where node:zlib does not.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { inflateSync } from 'node:zlib';

const require = createRequire(import.meta.url);
type FontkitFont = { characterSet: number[] };
const fontkit = require('fontkit') as { create(buf: Buffer): FontkitFont };

const PKG_DIR = path.dirname(require.resolve('@fontsource/noto-sans-sc/package.json'));
const WEIGHT = 400;

type Subset = { file: string; ranges: Array<[number, number]> };

let subsets: Subset[] | undefined;
function allSubsets(): Subset[] {
  if (subsets) return subsets;
  const map = JSON.parse(readFileSync(path.join(PKG_DIR, 'unicode.json'), 'utf8')) as Record<string, string>;
  const list: Subset[] = [];
  for (const [key, ranges] of Object.entries(map)) {
    const name = key.replace(/^\[(\d+)\]$/, '$1');
    const parsed = ranges.split(',').map((r): [number, number] => {
      const [lo, hi] = r.trim().replace(/^U\+/i, '').split('-');
      return [Number.parseInt(lo!, 16), Number.parseInt(hi ?? lo!, 16)];
    });
    list.push({
      file: path.join(PKG_DIR, 'files', `noto-sans-sc-${name}-${WEIGHT}-normal.woff`),
      ranges: parsed,
    });
  }
  // Latin first: digits, ASCII and punctuation come from the small latin subset.
  list.sort((a, b) => Number(b.file.includes('-latin-')) - Number(a.file.includes('-latin-')));
  subsets = list;
  return list;
}

const coverage = new Map<string, Set<number>>();
const bytes = new Map<string, Buffer>();

/** WOFF 1 -> sfnt (TrueType): inflate each table and write a plain table directory. */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF file');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: Array<{ tag: number; checksum: number; data: Buffer }> = [];
  for (let i = 0; i < numTables; i++) {
    const e = 44 + i * 20;
    const offset = woff.readUInt32BE(e + 4);
    const compLength = woff.readUInt32BE(e + 8);
    const origLength = woff.readUInt32BE(e + 12);
    const raw = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(raw) : Buffer.from(raw);
    if (data.length !== origLength) throw new Error('WOFF table length mismatch');
    tables.push({ tag: woff.readUInt32BE(e), checksum: woff.readUInt32BE(e + 16), data });
  }
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= numTables) entrySelector++;
  const searchRange = 2 ** entrySelector * 16;
  const header = Buffer.alloc(12 + numTables * 16);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(numTables * 16 - searchRange, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((t, i) => {
    const r = 12 + i * 16;
    header.writeUInt32BE(t.tag, r);
    header.writeUInt32BE(t.checksum, r + 4);
    header.writeUInt32BE(offset, r + 8);
    header.writeUInt32BE(t.data.length, r + 12);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}

/** The subset as TrueType bytes (read and unpacked once per process). */
export function fontBytes(file: string): Buffer {
  let b = bytes.get(file);
  if (!b) {
    b = woffToSfnt(readFileSync(file));
    bytes.set(file, b);
  }
  return b;
}

function covers(file: string, cp: number): boolean {
  let set = coverage.get(file);
  if (!set) {
    set = new Set(fontkit.create(fontBytes(file)).characterSet);
    coverage.set(file, set);
  }
  return set.has(cp);
}

const chosen = new Map<number, string>();

/** The subset file that has a glyph for `cp` (the latin subset when none has: .notdef). */
export function fontFor(cp: number): string {
  const hit = chosen.get(cp);
  if (hit) return hit;
  const all = allSubsets();
  let file = all[0]!.file;
  for (const s of all) {
    if (!s.ranges.some(([lo, hi]) => cp >= lo && cp <= hi)) continue;
    if (covers(s.file, cp)) {
      file = s.file;
      break;
    }
  }
  chosen.set(cp, file);
  return file;
}

export type Run = { file: string; text: string };

/** Splits text into runs of characters rendered by the same subset font. Spaces join the run before. */
export function splitRuns(text: string): Run[] {
  const runs: Run[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const last = runs.at(-1);
    if (last && (ch === ' ' || fontFor(cp) === last.file)) {
      last.text += ch;
      continue;
    }
    runs.push({ file: fontFor(cp), text: ch });
  }
  return runs;
}
