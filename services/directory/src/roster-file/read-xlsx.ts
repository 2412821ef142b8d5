import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Cell } from './cell.ts';
import type { SheetRow } from './sheet-row.ts';

// What the streaming reader exposes beyond its published typings.
interface WorkbookInternals {
  model?: { sheets?: { name: string }[] };
}
interface WorksheetInternals {
  name?: string;
}

/**
 * The rows of the first worksheet (in tab order) of an XLSX file, streamed: the workbook is
 * never held in memory as a whole. Styles are not read, so numbers stay numbers even when
 * formatted as dates.
 */
export async function* xlsxRows(bytes: Uint8Array): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(
    Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]),
    {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    },
  );
  let done = false;
  for await (const worksheet of reader) {
    // Worksheets may arrive before workbook.xml names them; without names, the first one wins.
    const firstName = (reader as WorkbookInternals).model?.sheets?.[0]?.name;
    const isFirst = firstName === undefined || (worksheet as WorksheetInternals).name === firstName;
    for await (const row of worksheet) {
      if (done || !isFirst) continue; // drained so that the reader can move on and clean up
      const values = row.values as unknown[];
      const cells: Cell[] = [];
      for (let i = 1; i < values.length; i++) cells.push(toCell(values[i]));
      yield { row: row.number, cells };
    }
    if (isFirst) done = true;
  }
}

/** A cell's value as text, number or boolean: rich text is joined, formulas give their result. */
function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) {
      return value.richText.map((run: { text?: string }) => run.text ?? '').join('');
    }
    if ('formula' in value || 'sharedFormula' in value) {
      return 'result' in value ? toCell(value.result) : null;
    }
    if ('text' in value) return toCell(value.text);
    if ('error' in value) return String(value.error);
  }
  return null;
}
