import { type Cell, cellText, isBlank } from './cell.ts';
import { columnForHeader, ROSTER_COLUMNS, type RosterColumnKey } from './columns.ts';
import { fileError } from './messages.ts';
import type { RowError } from './types.ts';

/** Where each roster column sits in the file (0-based cell index). */
export type ColumnMap = Map<RosterColumnKey, number>;

/**
 * Whether a row looks like the header: two or more cells name roster columns. Rows above it
 * (a title such as "某某小区业主名册") are skipped.
 */
export function isHeaderRow(cells: Cell[]): boolean {
  return cells.filter((cell) => columnForHeader(cellText(cell)) !== undefined).length >= 2;
}

/** Maps the header's cells to columns; extra columns are ignored. */
export function readHeader(
  row: number,
  cells: Cell[],
): { columns: ColumnMap } | { error: RowError } {
  const columns: ColumnMap = new Map();
  for (const [index, cell] of cells.entries()) {
    if (isBlank(cell)) continue;
    const column = columnForHeader(cellText(cell));
    if (column === undefined) continue;
    if (columns.has(column.key)) {
      return {
        error: fileError(
          row,
          'duplicate_column',
          {
            zh: `第 ${row} 行（表头）：「${column.zh}」列出现了两次，请删除其中一列`,
            en: `Row ${row} (header): the column ${column.zh} (${column.en}) appears twice; delete one of them`,
          },
          cellText(cell),
        ),
      };
    }
    columns.set(column.key, index);
  }
  const missing = ROSTER_COLUMNS.filter((c) => c.required && !columns.has(c.key));
  if (missing.length > 0) return { error: missingColumns(row, missing) };
  return { columns };
}

/** One error naming every required column the header lacks. */
export function missingColumns(row: number, missing = ROSTER_COLUMNS.filter((c) => c.required)) {
  const zh = missing.map((c) => `「${c.zh}」`).join('、');
  const en = missing.map((c) => `${c.zh} (${c.en})`).join(', ');
  return fileError(row, 'missing_columns', {
    zh: `第 ${row} 行（表头）：缺少必填列 ${zh}。请使用模板中的表头`,
    en: `Row ${row} (header): required column(s) missing: ${en}. Use the headers of the template`,
  });
}
