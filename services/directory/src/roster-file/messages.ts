import type { Failure } from './cell.ts';
import { column, type RosterColumnKey } from './columns.ts';
import type { RowError } from './types.ts';

/** A field error worded as "第 12 行「面积」：…" / "Row 12, 面积 (area): …". */
export function fieldError(row: number, key: RosterColumnKey, failure: Failure): RowError {
  const { zh, en } = column(key);
  const error: RowError = {
    row,
    column: zh,
    code: failure.code,
    message: {
      zh: `第 ${row} 行「${zh}」：${failure.zh}`,
      en: `Row ${row}, ${zh} (${en}): ${failure.en}`,
    },
  };
  if (failure.shown != null) error.value = failure.shown;
  return error;
}

/** An error about the file as a whole, or about a row without a single column at fault. */
export function fileError(
  row: number,
  code: string,
  message: { zh: string; en: string },
  value?: string,
): RowError {
  const error: RowError = { row, column: null, code, message };
  if (value !== undefined) error.value = value;
  return error;
}
