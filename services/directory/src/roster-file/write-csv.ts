import { stringify } from 'csv-stringify/sync';
import { ROSTER_COLUMNS, type RosterColumnKey } from './columns.ts';
import { rowValues, type UnitRow } from './row-values.ts';

// Excel runs a cell starting with one of these as a formula ("CSV injection"); the reader
// strips the apostrophe again.
const FORMULA_START = /^[=+\-@\t\r]/u;
const FREE_TEXT = new Set<RosterColumnKey>(['building', 'entrance', 'room', 'owner', 'coOwners']);

/**
 * The roster as CSV with Chinese headers, UTF-8 with a BOM so that Excel shows Chinese
 * correctly, CRLF line ends. Text that Excel would take for a formula is prefixed with `'`.
 */
export function writeRosterCsv(rows: UnitRow[]): string {
  const records = rows.map((r) => {
    const byKey = rowValues(r);
    return ROSTER_COLUMNS.map(({ key }) => {
      const text = byKey[key] === null ? '' : String(byKey[key]);
      return FREE_TEXT.has(key) && FORMULA_START.test(text) ? `'${text}` : text;
    });
  });
  const header = ROSTER_COLUMNS.map((c) => c.zh);
  return `\uFEFF${stringify([header, ...records], { record_delimiter: 'windows' })}`;
}
