import type { Cell } from './cell.ts';

/** One spreadsheet row before interpretation: its number and its cells from column A on. */
export interface SheetRow {
  row: number;
  cells: Cell[];
}
