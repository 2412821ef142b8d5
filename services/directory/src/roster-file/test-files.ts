// Builders of roster files for the tests.
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { ROSTER_COLUMNS } from './columns.ts';

export const HEADER: string[] = ROSTER_COLUMNS.map((c) => c.zh);

const VALID: Record<string, string> = {
  楼栋: '3',
  单元: '2',
  房号: '1201',
  楼层: '12',
  类型: '住宅',
  面积: '89.50',
  面积依据: '登记',
  业主: '张三',
  业主类型: '个人',
  手机: '13800138000',
  证件后四位: '1234',
  共有人: '',
  开发商未售: '否',
};

/** A valid data row in template column order, room `1201` unless changed; `overrides` by Chinese header. */
export function unitCells(overrides: Record<string, string> = {}): string[] {
  return HEADER.map((h) => overrides[h] ?? VALID[h] ?? '');
}

/** A CSV file (UTF-8, no BOM) of a header and rows. */
export function csv(rows: string[][], header: string[] = HEADER): Uint8Array {
  return new TextEncoder().encode(stringify([header, ...rows]));
}

/** An XLSX file whose sheets hold the given cell values as typed (numbers stay numbers). */
export async function xlsx(sheets: { name: string; rows: ExcelJS.CellValue[][] }[]) {
  const workbook = new ExcelJS.Workbook();
  for (const { name, rows } of sheets) workbook.addWorksheet(name).addRows(rows);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Opens written bytes with ExcelJS's in-memory reader, to look at formatting. */
export async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.slice().buffer);
  return workbook;
}
