/**
 * The PDF receipt: structure (header, embedded CID TrueType fonts from the Noto Sans SC subsets,
 * ToUnicode maps covering every Chinese character written) and rendering (pdftoppm to PNG, pdftotext
 * reads the Chinese text back); the 大写 amount and the per-character subset choice.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capitalAmount, yuan } from './amount-words.js';
import { fontFor, splitRuns } from './cjk-font.js';
import { renderReceipt } from './receipt.pdf.js';
import { maskName } from './receipt.service.js';

const hasPoppler = (() => {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const data = {
  unionName: '第一机械厂工会',
  maskedName: maskName('欧阳春晓'),
  memberNo: 'M00000042',
  periods: ['2026-01', '2026-02'],
  amountFen: 123456,
  refundedFen: 0,
  outTradeNo: 'UH20261127ABCDEF0123456789',
  transactionId: '4200001234567890',
  paidAt: new Date('2026-11-27T05:00:00Z'),
  receiptCode: 'K7PQ2M9XZA',
  qrText: 'UNIONHALL-RECEIPT:UH20261127ABCDEF0123456789:K7PQ2M9XZA',
};

/** Every stream of the PDF, inflated where it is Flate-compressed. */
function streams(pdf: Buffer): string[] {
  const out: string[] = [];
  const text = pdf.toString('latin1');
  const re = /(?<!end)stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    const raw = pdf.subarray(start, end);
    try {
      out.push(inflateSync(raw).toString('latin1'));
    } catch {
      out.push(raw.toString('latin1'));
    }
    re.lastIndex = end;
  }
  return out;
}

describe('amounts', () => {
  it('writes the capital amount (大写)', () => {
    expect(capitalAmount(123456)).toBe('壹仟贰佰叁拾肆元伍角陆分');
    expect(capitalAmount(10000)).toBe('壹佰元整');
    expect(capitalAmount(5)).toBe('伍分');
    expect(capitalAmount(100005)).toBe('壹仟元零伍分');
    expect(capitalAmount(1050)).toBe('壹拾元伍角整');
    expect(capitalAmount(100500)).toBe('壹仟零伍元整');
    expect(capitalAmount(1000000000)).toBe('壹仟万元整');
    expect(capitalAmount(10000010000)).toBe('壹亿零壹佰元整');
    expect(capitalAmount(0)).toBe('零元整');
    expect(yuan(123456)).toBe('¥1,234.56');
    expect(() => capitalAmount(1.5)).toThrow(RangeError);
  });

  it('never leaves a digit or unit out (property: digits in = digits out)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000_000_000 }), (fen) => {
        const s = capitalAmount(fen);
        expect(s).toMatch(/^[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+$/);
        expect(s).not.toMatch(/零零|零元|零万|零亿/);
        const nonZero = String(fen).replace(/0/g, '').length;
        expect(s.replace(/[^壹贰叁肆伍陆柒捌玖]/g, '').length).toBe(nonZero);
      }),
    );
  });
});

describe('text runs', () => {
  it('picks a subset with the glyph for every character and merges runs', () => {
    const text = '会费收据 Receipt ¥12.50 人民币壹仟贰佰元整';
    const runs = splitRuns(text);
    expect(runs.map((r) => r.text).join('')).toBe(text);
    for (const ch of '会费收据壹仟贰佰元整人民币') expect(fontFor(ch.codePointAt(0)!)).not.toMatch(/-latin-/);
    expect(fontFor('R'.codePointAt(0)!)).toMatch(/-latin-400-normal\.woff$/);
    expect(runs.length).toBeLessThan([...text].length);
  });
});

describe('receipt PDF', () => {
  it('has embedded fonts and ToUnicode maps for every Chinese character', async () => {
    const pdf = await renderReceipt(data);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdf.toString('latin1');
    expect(text).toMatch(/\/Subtype \/CIDFontType2/);
    expect(text).toMatch(/\/FontFile2 \d+ 0 R/);
    expect(text).toMatch(/\/ToUnicode \d+ 0 R/);
    const cmaps = streams(pdf)
      .filter((s) => s.includes('begincmap'))
      .join('\n')
      .toUpperCase();
    const written = `${data.unionName}会费收据${data.maskedName}人民币${capitalAmount(data.amountFen)}缴费月份支付时间验证码`;
    for (const ch of new Set(written)) {
      if (ch === '*') continue;
      const hex = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      expect(cmaps, `ToUnicode for ${ch}`).toContain(`<${hex}>`);
    }
  });

  // Rendering needs poppler-utils (pdftoppm, pdftotext): .ci/run installs it; on a bare machine with
  // only Node.js this one test reports itself skipped rather than failing `npm test`.
  it.skipIf(!hasPoppler)('renders to an image and reads back the Chinese text (poppler)', async () => {
    const pdf = await renderReceipt(data);
    const dir = mkdtempSync(path.join(tmpdir(), 'uh-receipt-'));
    try {
      const file = path.join(dir, 'r.pdf');
      writeFileSync(file, pdf);
      execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', file, path.join(dir, 'r')]);
      const png = readFileSync(path.join(dir, 'r.png'));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      const extracted = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8');
      for (const s of [
        '第一机械厂工会',
        '会费收据',
        '欧**晓',
        '人民币壹仟贰佰叁拾肆元伍角陆分',
        '¥1,234.56',
        data.receiptCode,
      ])
        expect(extracted).toContain(s);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('masks names', () => {
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('Alexander')).toBe('A***r');
  });
});
