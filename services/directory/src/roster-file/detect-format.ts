import type { RosterFormat } from './types.ts';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
// The Compound File header of the old binary .xls (Excel 97–2003), which is not read.
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * The format of an uploaded roster: a ZIP container is XLSX whatever its name; otherwise a
 * `.csv`, `.tsv` or `.txt` name means CSV. `null` for anything else, including the old `.xls`
 * format (ask for "另存为 .xlsx").
 *
 * @example
 * detectFormat('名册.xlsx', bytes) // 'xlsx' when bytes start with "PK\x03\x04"
 */
export function detectFormat(fileName: string, bytes: Uint8Array): RosterFormat | null {
  if (startsWith(bytes, ZIP)) return 'xlsx';
  if (startsWith(bytes, OLE)) return null;
  const extension = /\.([^.]+)$/u.exec(fileName.trim())?.[1]?.toLowerCase();
  if (extension === 'csv' || extension === 'tsv' || extension === 'txt') return 'csv';
  return null;
}
