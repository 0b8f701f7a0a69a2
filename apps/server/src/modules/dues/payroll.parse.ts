/**
 * Payroll deduction files from the employer (CSV in UTF-8 or GBK, or XLSX), read with the members
 * import's row readers: one row per member and month with the membership number or the ID number,
 * the month and the amount (in fen, or in yuan with at most two decimals — never through a float).
 */
import { Readable } from 'node:stream';
import { AppError } from '../../kernel/http/errors.js';
import { sheetCellText, sheetCsvRows, sheetXlsxRows } from '../members/index.js';
import { isPeriod, yuanTextToFen } from './dues.calc.js';

export type PayrollRow = {
  rowNo: number;
  memberNo: string | null;
  idNumber: string | null;
  period: string | null;
  amountFen: number | null;
};

const HEADERS: Record<keyof Omit<PayrollRow, 'rowNo'> | 'amountYuan', string[]> = {
  memberNo: ['会员编号', '会员号', 'membershipnumber', 'memberno', 'membernumber'],
  idNumber: ['证件号码', '身份证号', '身份证号码', 'idnumber'],
  period: ['月份', '所属月份', '缴费月份', '所属期', 'period', 'month'],
  amountFen: ['金额(分)', '会费(分)', 'amount(fen)', 'amountfen'],
  amountYuan: ['金额', '金额(元)', '会费', '会费(元)', 'amount', 'amount(yuan)', 'amountyuan'],
};

function norm(h: string): string {
  return h.toLowerCase().replace(/[\s_]/g, '').replace(/（/g, '(').replace(/）/g, ')');
}

/** Excel day serial (1900 system) to YYYY-MM. */
function serialToPeriod(n: number): string {
  const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(n) * 86_400_000);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** 2026-01, 2026/1, 2026年1月, 202601, a date (cell or text), an Excel serial; null otherwise. */
export function parsePeriodCell(v: unknown): string | null {
  if (v instanceof Date) return v.toISOString().slice(0, 7);
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 190001 && v <= 299912) return parsePeriodCell(String(v));
    if (v > 20_000 && v < 80_000) return serialToPeriod(v);
    return null;
  }
  const t = sheetCellText(v);
  let m = /^(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:月)?(?:\s*[-/.]\s*\d{1,2}\s*日?)?$/.exec(t);
  if (!m) m = /^(\d{4})(\d{2})$/.exec(t);
  if (!m) return null;
  const p = `${m[1]}-${m[2]!.padStart(2, '0')}`;
  return isPeriod(p) ? p : null;
}

function parseAmount(v: unknown, unit: 'fen' | 'yuan'): number | null {
  const t = sheetCellText(v);
  if (unit === 'fen') return /^\d{1,10}$/.test(t) && Number(t) <= 2_000_000_000 ? Number(t) : null;
  return yuanTextToFen(t);
}

/** Parses the whole file (payroll files are small: one row per member and month). */
export async function parsePayroll(body: Buffer, format: 'csv' | 'xlsx'): Promise<PayrollRow[]> {
  let source: Awaited<ReturnType<typeof sheetCsvRows>>;
  try {
    source =
      format === 'csv' ? await sheetCsvRows(Readable.from([body])) : sheetXlsxRows(Readable.from([body]));
  } catch {
    throw new AppError('dues.unreadable_file');
  }
  const out: PayrollRow[] = [];
  let cols: Partial<Record<keyof typeof HEADERS, number>> | null = null;
  try {
    for await (const row of source.rows) {
      if (!cols) {
        const found: Partial<Record<keyof typeof HEADERS, number>> = {};
        row.cells.forEach((c, i) => {
          const h = norm(sheetCellText(c));
          for (const [k, names] of Object.entries(HEADERS) as [keyof typeof HEADERS, string[]][]) {
            if (names.includes(h) && found[k] === undefined) found[k] = i;
          }
        });
        const hasKey = found.memberNo !== undefined || found.idNumber !== undefined;
        const hasAmount = found.amountFen !== undefined || found.amountYuan !== undefined;
        if (!hasKey || found.period === undefined || !hasAmount) throw new AppError('dues.missing_columns');
        cols = found;
        continue;
      }
      const c = cols;
      const cell = (k: keyof typeof HEADERS) => (c[k] === undefined ? undefined : row.cells[c[k]!]);
      const text = (k: keyof typeof HEADERS) => sheetCellText(cell(k)) || null;
      if (row.cells.every((x) => sheetCellText(x) === '')) continue;
      out.push({
        rowNo: row.rowNo,
        memberNo: text('memberNo'),
        idNumber: text('idNumber'),
        period: parsePeriodCell(cell('period')),
        amountFen:
          c.amountFen !== undefined
            ? parseAmount(cell('amountFen'), 'fen')
            : parseAmount(cell('amountYuan'), 'yuan'),
      });
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('dues.unreadable_file');
  }
  if (!cols) throw new AppError('dues.missing_columns');
  return out;
}
