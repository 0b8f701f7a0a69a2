/**
 * Tabular downloads shared by every module: CSV cells safe against formula injection, and streamed
 * XLSX workbooks (ExcelJS, about a second to load, so loaded on first use and never at server start).
 */
import { PassThrough, Readable } from 'node:stream';
import type ExcelJSModule from 'exceljs';

let loading: Promise<typeof ExcelJSModule> | undefined;

/** ExcelJS, imported once on first use. */
export function loadExcel(): Promise<typeof ExcelJSModule> {
  loading ??= import('exceljs').then((m) => m.default);
  return loading;
}

const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** One CSV cell: starting with = + - @ tab or CR (plain numbers aside) it gets a ' prefix. */
export function csvCell(v: unknown): string {
  let s = v == null ? '' : String(v);
  if (FORMULA.test(s) && !NUMBER.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line with CRLF, as Excel writes it. */
export function csvLine(cells: unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface SheetSource {
  name: string;
  rows: () => AsyncIterable<unknown[]> | Iterable<unknown[]> | Promise<Iterable<unknown[]>>;
}

/**
 * A streamed XLSX workbook: each sheet's rows are written and committed one by one (no shared
 * strings, no styles), so memory stays flat; a failure while reading rows destroys the stream.
 */
export async function xlsxStream(sheets: SheetSource[]): Promise<PassThrough> {
  const ExcelJS = await loadExcel();
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: false,
  });
  void (async () => {
    try {
      for (const sheet of sheets) {
        const ws = wb.addWorksheet(sheet.name);
        for await (const r of await sheet.rows()) ws.addRow(r).commit();
        ws.commit();
      }
      await wb.commit();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}

/** A streamed CSV file in UTF-8 with a BOM (so Excel opens Chinese text correctly). */
export function csvStream(rows: AsyncIterable<unknown[]> | Iterable<unknown[]>): Readable {
  async function* lines() {
    yield '\uFEFF';
    for await (const r of rows) yield csvLine(r);
  }
  return Readable.from(lines());
}
