import { PassThrough } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { OwnerLinkRow } from './owner-links.ts';

const HEADER = ['楼栋', '单元', '房号', '业主链接'];
// Excel runs a cell starting with one of these as a formula ("CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/u;
const safe = (text: string) => (FORMULA_START.test(text) ? `'${text}` : text);
const cells = (r: OwnerLinkRow) => [safe(r.building), safe(r.entrance), safe(r.room), r.url];

/** The links as CSV: UTF-8 with a BOM (so Excel shows Chinese), CRLF line ends. */
export function writeOwnerLinksCsv(rows: readonly OwnerLinkRow[]): Uint8Array {
  const text = `\uFEFF${stringify([HEADER, ...rows.map(cells)], { record_delimiter: 'windows' })}`;
  return new TextEncoder().encode(text);
}

/** The links as one XLSX sheet, cells as text so that room numbers keep their leading zeros. */
export async function writeOwnerLinksXlsx(rows: readonly OwnerLinkRow[]): Promise<Uint8Array> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = book.addWorksheet('业主链接');
  sheet.columns = [{ width: 10 }, { width: 8 }, { width: 10 }, { width: 90 }];
  sheet.addRow(HEADER).commit();
  for (const row of rows) {
    const added = sheet.addRow(cells(row));
    added.eachCell((cell) => {
      cell.numFmt = '@';
    });
    added.commit();
  }
  sheet.commit();
  await book.commit();
  return new Uint8Array(Buffer.concat(chunks));
}
