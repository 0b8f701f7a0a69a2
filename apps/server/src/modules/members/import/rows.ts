/** Rows of an uploaded sheet as arrays of raw cells, streamed: CSV through csv-parse, XLSX through ExcelJS. */
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../../../kernel/export/tabular.js';
import { decodeStream, type Encoding } from './decode.js';

export type RawRow = { rowNo: number; cells: unknown[] };
export type RowSource = { encoding: Encoding | 'xlsx'; rows: AsyncIterable<RawRow> };

export async function csvRows(file: Readable): Promise<RowSource> {
  const { encoding, text } = await decodeStream(file);
  const parser = text.pipe(
    parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true }),
  );
  async function* rows(): AsyncIterable<RawRow> {
    let n = 0;
    for await (const record of parser as AsyncIterable<string[]>) {
      n++;
      yield { rowNo: n, cells: record };
    }
  }
  return { encoding, rows: rows() };
}

/** The first worksheet's rows; cell values as ExcelJS gives them (string, number, Date, rich text...). */
export function xlsxRows(file: Readable): RowSource {
  async function* rows(): AsyncIterable<RawRow> {
    const Excel = await loadExcel();
    const reader = new Excel.stream.xlsx.WorkbookReader(file, {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache',
      worksheets: 'emit',
      entries: 'emit',
    });
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as unknown[];
        yield { rowNo: row.number, cells: values.slice(1) };
      }
      return;
    }
  }
  return { encoding: 'xlsx', rows: rows() };
}

/** Plain text of a cell, whatever ExcelJS made of it. */
export function cellText(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown };
  if (o.richText)
    return o.richText
      .map((t) => t.text)
      .join('')
      .trim();
  if (o.result !== undefined) return cellText(o.result);
  if (o.text !== undefined) return cellText(o.text);
  return String(v).trim();
}
