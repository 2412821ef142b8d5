import { parse } from 'csv-parse/sync';
import type { SheetRow } from './sheet-row.ts';

/**
 * Text of a CSV file: UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, otherwise
 * GB18030, the superset of GBK that Chinese Excel uses for "CSV (逗号分隔)"; UTF-16 when it
 * starts with a UTF-16 BOM (Excel's "Unicode text").
 */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Tab when the first line has tabs and no commas (Excel's "Unicode text"), else comma. */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/u));
  return firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
}

// writeRosterCsv prefixes text that Excel would run as a formula with an apostrophe.
const ESCAPED_FORMULA = /^'(?=[=+\-@\t\r])/u;

/** The rows of a CSV file; `row` counts records from 1, as Excel numbers them when it opens the file. */
export function* csvRows(bytes: Uint8Array): Generator<SheetRow> {
  const text = decodeCsv(bytes);
  const records: string[][] = parse(text, {
    delimiter: delimiterOf(text),
    relax_column_count: true,
    relax_quotes: true,
  });
  for (const [index, record] of records.entries()) {
    yield { row: index + 1, cells: record.map((cell) => cell.replace(ESCAPED_FORMULA, '')) };
  }
}
