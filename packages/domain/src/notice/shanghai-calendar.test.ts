import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dateToDayNumber,
  dayNumberToDate,
  endOfPeriod,
  lastDayAfterMonths,
  shanghaiDate,
  shanghaiMidnight,
} from './shanghai-calendar.ts';

describe('shanghaiDate', () => {
  it('is already the next day in Shanghai from 16:00 UTC', () => {
    expect(shanghaiDate(new Date('2026-02-28T15:59:59.999Z'))).toBe('2026-02-28');
    expect(shanghaiDate(new Date('2026-02-28T16:00:00Z'))).toBe('2026-03-01');
    expect(shanghaiDate(new Date('2026-02-28T17:30:00Z'))).toBe('2026-03-01');
  });

  it('crosses the year in Shanghai eight hours before UTC does', () => {
    expect(shanghaiDate(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
  });

  it('refuses an invalid instant', () => {
    expect(() => shanghaiDate(new Date('nope'))).toThrow(RangeError);
  });

  it('does not depend on the timezone of the machine', () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = 'America/Los_Angeles';
      expect(shanghaiDate(new Date('2026-03-08T16:30:00Z'))).toBe('2026-03-09');
    } finally {
      process.env.TZ = before;
    }
  });
});

describe('shanghaiMidnight', () => {
  it('is 16:00 UTC of the day before', () => {
    expect(shanghaiMidnight('2026-03-17').toISOString()).toBe('2026-03-16T16:00:00.000Z');
  });

  it.each(['2026-02-29', '2026-13-01', '2026-3-1', '20260301', ''])('refuses %j', (date) => {
    expect(() => shanghaiMidnight(date)).toThrow(/not a calendar date/);
  });

  it('accepts the leap day of a leap year', () => {
    expect(shanghaiMidnight('2028-02-29').toISOString()).toBe('2028-02-28T16:00:00.000Z');
  });

  it('is the start of the same Shanghai date, for every date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), (day) => {
        const date = dayNumberToDate(day);
        expect(dateToDayNumber(date)).toBe(day);
        const midnight = shanghaiMidnight(date);
        expect(shanghaiDate(midnight)).toBe(date);
        expect(shanghaiDate(new Date(midnight.getTime() - 1))).not.toBe(date);
      }),
    );
  });
});

describe('endOfPeriod', () => {
  it('does not count the start day and ends at 24:00 of the last day', () => {
    // 2026-03-01 10:00 Shanghai + 15 days: 03-02..03-16, over at 03-17 00:00 Shanghai.
    expect(endOfPeriod(new Date('2026-03-01T02:00:00Z'), 15).toISOString()).toBe(
      '2026-03-16T16:00:00.000Z',
    );
  });

  it('refuses a fractional or negative number of days', () => {
    expect(() => endOfPeriod(new Date(), 1.5)).toThrow(RangeError);
    expect(() => endOfPeriod(new Date(), -1)).toThrow(RangeError);
  });
});

describe('lastDayAfterMonths', () => {
  const last = (iso: string, months: number) =>
    dayNumberToDate(lastDayAfterMonths(new Date(iso), months));

  it('is the same day number months later', () => {
    expect(last('2026-03-15T04:00:00Z', 3)).toBe('2026-06-15');
  });

  it('falls back to the end of the month when that day does not exist', () => {
    expect(last('2026-03-31T04:00:00Z', 3)).toBe('2026-06-30');
    expect(last('2025-11-30T04:00:00Z', 3)).toBe('2026-02-28');
    expect(last('2027-11-30T04:00:00Z', 3)).toBe('2028-02-29');
  });

  it('counts from the Shanghai day, not the UTC one', () => {
    // 2026-03-31T16:30Z is 04-01 in Shanghai.
    expect(last('2026-03-31T16:30:00Z', 3)).toBe('2026-07-01');
  });
});
