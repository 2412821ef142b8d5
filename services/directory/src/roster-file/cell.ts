/** A cell as read from either format: CSV gives strings, XLSX may also give numbers and booleans. */
export type Cell = string | number | boolean | null;

/** Outcome of reading one field; a failure carries the reason in both languages. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; failure: Failure };
export interface Failure {
  code: string;
  zh: string;
  en: string;
  /** What to show as the offending value; `null` hides it (e.g. an ID number). */
  shown?: string | null;
}

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = (
  code: string,
  zh: string,
  en: string,
  shown?: string | null,
): Parsed<never> => ({
  ok: false,
  failure: shown === undefined ? { code, zh, en } : { code, zh, en, shown },
});

// \s covers the full-width space U+3000 and NBSP; zero-width characters are pasted in from web pages.
const SPACES = /[\s\u200b-\u200d]+/gu;

/** Text of a cell with spaces (full-width included) trimmed and runs collapsed to one space. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return numberText(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return cell.replace(SPACES, ' ').trim();
}

/** A number cell as the digits a person typed: 1201 → "1201", 89.5 → "89.5". */
export function numberText(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? BigInt(n).toString() : String(n);
}

export const isBlank = (cell: Cell): boolean => cellText(cell) === '';

/** Quotes a value for a message: '89.555'. */
export const quote = (value: string): string => `'${value}'`;
