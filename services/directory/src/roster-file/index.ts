/**
 * The owner roster as committees keep it in spreadsheets: reading and writing CSV and XLSX,
 * with every problem reported by row and column in Chinese and English. Pure: no database,
 * no HTTP.
 *
 * @example
 * const format = detectFormat(file.name, bytes);
 * if (format === null) return refuse('请上传 .xlsx 或 .csv 文件');
 * const { rows, errors } = await readRoster(bytes, format, { onProgress });
 */
export { ROSTER_COLUMNS, type RosterColumn, type RosterColumnKey } from './columns.ts';
export { detectFormat } from './detect-format.ts';
export { type ReadRosterOptions, readRoster } from './read-roster.ts';
export { rosterTemplateXlsx } from './template.ts';
export type {
  AreaBasis,
  OwnerKind,
  RosterFormat,
  RosterRow,
  RowError,
  UnitKind,
} from './types.ts';
export { unitKey } from './unit-key.ts';
export { writeRosterCsv } from './write-csv.ts';
export { writeRosterXlsx } from './write-xlsx.ts';
