import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  AREA_BASIS_ZH,
  OWNER_KIND_ZH,
  ROSTER_COLUMNS,
  type RosterColumnKey,
  UNIT_KIND_ZH,
} from './columns.ts';
import { rowValues, type UnitRow, type Value } from './row-values.ts';

const WIDTHS: Record<RosterColumnKey, number> = {
  building: 10,
  entrance: 8,
  room: 10,
  floor: 8,
  kind: 8,
  area: 12,
  areaBasis: 10,
  owner: 16,
  ownerKind: 10,
  phone: 15,
  idLast4: 12,
  coOwners: 24,
  developerUnsold: 12,
};

/** Cells kept as text so that Excel neither drops leading zeros nor turns them into numbers. */
const TEXT_COLUMNS = new Set<RosterColumnKey>(['building', 'entrance', 'room', 'phone', 'idLast4']);

const CHOICES: Partial<Record<RosterColumnKey, readonly string[]>> = {
  kind: Object.values(UNIT_KIND_ZH),
  areaBasis: Object.values(AREA_BASIS_ZH),
  ownerKind: Object.values(OWNER_KIND_ZH),
  developerUnsold: ['是', '否'],
};

// The streaming writer keeps validations by range, which its typings do not declare; setting
// them per cell instead would store one entry per cell.
interface RangeValidations {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

/** Adds a sheet after the roster, e.g. the template's instructions. */
export type ExtraSheet = (workbook: ExcelJS.stream.xlsx.WorkbookWriter) => void;

/**
 * The roster as an XLSX workbook: one sheet "业主名册" with Chinese headers in bold, the header
 * row frozen, readable column widths and drop-down lists for the fixed-choice columns.
 * Areas are number cells shown with two decimals, so that Excel can sum them; rooms, phones
 * and ID last-4s are text cells, so that Excel keeps their leading zeros.
 */
export function writeRosterXlsx(rows: UnitRow[]): Promise<Uint8Array> {
  return writeWorkbook(rows, []);
}

/** {@link writeRosterXlsx} with more sheets after the roster. */
export async function writeWorkbook(
  rows: UnitRow[],
  extraSheets: ExtraSheet[],
): Promise<Uint8Array> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    output.on('end', resolve);
    output.on('error', reject);
  });

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: true,
  });
  const sheet = workbook.addWorksheet('业主名册', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = ROSTER_COLUMNS.map(({ key }) => ({
    key,
    width: WIDTHS[key],
    style: TEXT_COLUMNS.has(key) ? { numFmt: '@' } : key === 'area' ? { numFmt: '0.00' } : {},
  }));
  const header = sheet.addRow(ROSTER_COLUMNS.map((c) => c.zh));
  header.font = { bold: true };
  header.commit();

  for (const r of rows) {
    const byKey = rowValues(r);
    sheet.addRow(ROSTER_COLUMNS.map(({ key }) => cellValue(key, byKey[key]))).commit();
  }

  const lastRow = Math.max(rows.length + 1, 1_000);
  for (const [index, { key }] of ROSTER_COLUMNS.entries()) {
    const choices = CHOICES[key];
    if (choices === undefined) continue;
    const letter = String.fromCharCode(65 + index);
    (sheet as unknown as RangeValidations).dataValidations.add(`${letter}2:${letter}${lastRow}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${choices.join(',')}"`],
    });
  }
  sheet.commit();
  for (const add of extraSheets) add(workbook);
  await workbook.commit();
  await finished;
  return new Uint8Array(Buffer.concat(chunks));
}

function cellValue(key: RosterColumnKey, value: Value): Value {
  if (key === 'area' && value !== null) return Number(value);
  return value === '' ? null : value;
}
