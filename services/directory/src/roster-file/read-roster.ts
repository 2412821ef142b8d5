import { isBlank } from './cell.ts';
import { FileChecks } from './file-checks.ts';
import { type ColumnMap, isHeaderRow, missingColumns, readHeader } from './header.ts';
import { fileError } from './messages.ts';
import { parseRow, type RowCells } from './parse-row.ts';
import { csvRows } from './read-csv.ts';
import { xlsxRows } from './read-xlsx.ts';
import type { SheetRow } from './sheet-row.ts';
import type { RosterFormat, RosterRow, RowError } from './types.ts';

/** Options of {@link readRoster}. */
export interface ReadRosterOptions {
  /** Called every 1,000 data rows and once at the end. */
  onProgress?: (progress: { rowsRead: number }) => void;
  /** Data rows allowed in one file (default 100,000); more is an error and reading stops. */
  maxRows?: number;
}

const DEFAULT_MAX_ROWS = 100_000;
const PROGRESS_EVERY = 1_000;
/** How far down a title block may push the header. */
const HEADER_SEARCH_ROWS = 10;

/**
 * Reads an owner roster from CSV or XLSX bytes. It never stops at the first problem: `errors`
 * holds every row error, in row order, each worded in Chinese and English; `rows` holds the
 * rows that passed every check. Import a roster only when `errors` is empty.
 * A file that cannot be read at all gives one error rather than a rejected promise.
 *
 * @example
 * const format = detectFormat(file.name, bytes);
 * if (format === null) return refuse('请上传 .xlsx 或 .csv 文件');
 * const { rows, errors } = await readRoster(bytes, format, { onProgress });
 * if (errors.length > 0) return show(errors.map((e) => e.message.zh));
 */
export async function readRoster(
  bytes: Uint8Array,
  format: RosterFormat,
  options: ReadRosterOptions = {},
): Promise<{ rows: RosterRow[]; errors: RowError[] }> {
  const sheetRows = format === 'csv' ? csvRows(bytes) : xlsxRows(bytes);
  try {
    return await readSheetRows(unreadableOnError(sheetRows), options);
  } catch (error) {
    if (error instanceof UnreadableFile) return { rows: [], errors: [unreadable(format, error)] };
    throw error;
  }
}

/** The file itself could not be parsed (as opposed to a fault in this module or a callback). */
class UnreadableFile extends Error {}

async function* unreadableOnError(
  sheetRows: Iterable<SheetRow> | AsyncIterable<SheetRow>,
): AsyncGenerator<SheetRow> {
  try {
    // Errors thrown by the consumer's loop body end this generator by return(), not here.
    yield* sheetRows;
  } catch (cause) {
    throw new UnreadableFile(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

async function readSheetRows(
  sheetRows: AsyncIterable<SheetRow>,
  { onProgress, maxRows = DEFAULT_MAX_ROWS }: ReadRosterOptions,
): Promise<{ rows: RosterRow[]; errors: RowError[] }> {
  const rows: RosterRow[] = [];
  const errors: RowError[] = [];
  const checks = new FileChecks();
  let columns: ColumnMap | null = null;
  let first: SheetRow | null = null;
  let rowsRead = 0;

  for await (const { row, cells } of sheetRows) {
    if (cells.every(isBlank)) continue;
    if (columns === null) {
      first ??= { row, cells };
      if (isHeaderRow(cells)) {
        const header = readHeader(row, cells);
        if ('error' in header) return { rows: [], errors: [header.error] };
        columns = header.columns;
      } else if (row - first.row >= HEADER_SEARCH_ROWS - 1) {
        return { rows: [], errors: [headerError(first)] };
      }
      continue;
    }
    rowsRead++;
    if (rowsRead > maxRows) {
      errors.push(tooManyRows(row, maxRows));
      return { rows: [], errors };
    }
    if (rowsRead % PROGRESS_EVERY === 0) onProgress?.({ rowsRead });

    const parsed = parseRow(row, pick(cells, columns));
    if (parsed.row === null) {
      errors.push(...parsed.errors);
      continue;
    }
    const conflicts = checks.check(parsed.row);
    if (conflicts.length > 0) errors.push(...conflicts);
    else rows.push(parsed.row);
  }
  onProgress?.({ rowsRead });

  if (first === null) return { rows: [], errors: [emptyFile()] };
  if (columns === null) return { rows: [], errors: [headerError(first)] };
  if (rowsRead === 0) return { rows: [], errors: [noDataRows()] };
  return { rows, errors };
}

/** No row looked like a header: report what the first row lacks. */
function headerError(first: SheetRow): RowError {
  const header = readHeader(first.row, first.cells);
  return 'error' in header ? header.error : missingColumns(first.row);
}

function pick(cells: SheetRow['cells'], columns: ColumnMap): RowCells {
  const picked: RowCells = {};
  for (const [key, index] of columns) picked[key] = cells[index] ?? null;
  return picked;
}

const emptyFile = () =>
  fileError(0, 'empty_file', {
    zh: '文件是空的，请使用模板填写业主名册',
    en: 'The file is empty; fill in the roster using the template',
  });

const noDataRows = () =>
  fileError(0, 'no_data_rows', {
    zh: '文件只有表头，没有房屋数据',
    en: 'The file has headers only and no units',
  });

const tooManyRows = (row: number, maxRows: number) =>
  fileError(row, 'too_many_rows', {
    zh: `文件超过 ${maxRows} 行数据，已停止读取（第 ${row} 行）；请拆分后分批导入`,
    en: `The file has more than ${maxRows} data rows; reading stopped at row ${row}. Split it and import the parts`,
  });

function unreadable(format: RosterFormat, error: UnreadableFile): RowError {
  const detail = error.message;
  return format === 'xlsx'
    ? fileError(0, 'unreadable_file', {
        zh: `无法读取这个 Excel 文件（${detail}）。请在 Excel 中另存为 .xlsx 后重试`,
        en: `This Excel file cannot be read (${detail}). Save it as .xlsx in Excel and try again`,
      })
    : fileError(0, 'unreadable_file', {
        zh: `无法读取这个 CSV 文件（${detail}）。请检查引号是否成对，或在 Excel 中另存为 .xlsx`,
        en: `This CSV file cannot be read (${detail}). Check that quotes are paired, or save it as .xlsx in Excel`,
      });
}
