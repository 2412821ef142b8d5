/**
 * Calendar days in Asia/Shanghai, the zone in which the product counts days (ARCHITECTURE.md, Time).
 *
 * Fixed +08:00 arithmetic rather than Intl: China has kept UTC+8 without daylight saving since
 * 1991, so for every instant this product handles the offset is a constant, and the result cannot
 * depend on the machine's timezone or on the ICU time-zone data a Node build ships with.
 * A day is named by its number of days since 1970-01-01 (a "day number") or by 'YYYY-MM-DD'.
 */

const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function assertInstant(instant: Date, name: string): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not a valid instant`);
  return ms;
}

/** The Shanghai calendar day of an instant, as a day number. */
export function shanghaiDayNumber(instant: Date): number {
  return Math.floor((assertInstant(instant, 'instant') + OFFSET_MS) / DAY_MS);
}

/** The 'YYYY-MM-DD' name of a day number. */
export function dayNumberToDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The day number of a 'YYYY-MM-DD' date; refuses a malformed or impossible date (e.g. 02-30). */
export function dateToDayNumber(date: string): number {
  const match = DATE_PATTERN.exec(date);
  const ms = match
    ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
    : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`${JSON.stringify(date)} is not a calendar date 'YYYY-MM-DD'`);
  }
  return ms / DAY_MS;
}

/** The UTC instant at which a Shanghai day (a day number) begins, 00:00 +08:00. */
export function startOfShanghaiDay(day: number): Date {
  return new Date(day * DAY_MS - OFFSET_MS);
}

/**
 * The Shanghai calendar date of an instant, 'YYYY-MM-DD'.
 *
 * @example shanghaiDate(new Date('2026-02-28T17:30:00Z')) // '2026-03-01'
 */
export function shanghaiDate(instant: Date): string {
  return dayNumberToDate(shanghaiDayNumber(instant));
}

/**
 * The UTC instant of 00:00 in Shanghai on a 'YYYY-MM-DD' date.
 *
 * @example shanghaiMidnight('2026-03-17').toISOString() // '2026-03-16T16:00:00.000Z'
 */
export function shanghaiMidnight(date: string): Date {
  return startOfShanghaiDay(dateToDayNumber(date));
}

/**
 * The instant a period of `days` full days, counted from the day after `start`, has run out:
 * 24:00 Shanghai of its last day. The day of `start` does not count (民法典 第二百零一条) and a period
 * ends at 24:00 of its last day (第二百零三条).
 *
 * @example endOfPeriod(new Date('2026-03-01T02:00:00Z'), 15).toISOString() // '2026-03-16T16:00:00.000Z'
 */
export function endOfPeriod(start: Date, days: number): Date {
  if (!Number.isSafeInteger(days) || days < 0) {
    throw new RangeError(`a period is a whole, non-negative number of days, not ${days}`);
  }
  return startOfShanghaiDay(shanghaiDayNumber(start) + days + 1);
}

/**
 * The last day of a period of `months` months counted from the Shanghai day of `start`: the day with
 * the same number `months` later, or the last day of that month when it has none (民法典 第二百零二条:
 * 2026-03-31 plus 3 months is 2026-06-30). Returns its day number.
 */
export function lastDayAfterMonths(start: Date, months: number): number {
  if (!Number.isSafeInteger(months) || months < 0) {
    throw new RangeError(`a period is a whole, non-negative number of months, not ${months}`);
  }
  const from = new Date(shanghaiDayNumber(start) * DAY_MS);
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() + months;
  const lastOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(from.getUTCDate(), lastOfMonth)) / DAY_MS;
}
