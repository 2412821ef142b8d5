import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkNoticePeriod, earliestVotingDate, earliestVotingStart } from './notice-period.ts';
import { shanghaiDate } from './shanghai-calendar.ts';

/** An instant given as Shanghai wall-clock time. */
const sh = (local: string) => new Date(`${local}+08:00`);

describe('earliestVotingDate', () => {
  it('leaves 03-02..03-16 as the 15 full days after a notice on 03-01, so voting starts 03-17', () => {
    expect(earliestVotingDate(sh('2026-03-01T10:00'))).toBe('2026-03-17');
  });

  it('gives the same day for a notice at any time of the notice day', () => {
    expect(earliestVotingDate(sh('2026-03-01T00:00'))).toBe('2026-03-17');
    expect(earliestVotingDate(sh('2026-03-01T23:59:59.999'))).toBe('2026-03-17');
  });

  it('counts from the Shanghai day: 2026-02-28T17:30Z is already 03-01 in Shanghai', () => {
    expect(earliestVotingDate(new Date('2026-02-28T17:30:00Z'))).toBe('2026-03-17');
    expect(earliestVotingDate(new Date('2026-02-28T15:59:59Z'))).toBe('2026-03-16');
  });

  it('crosses month and year ends', () => {
    expect(earliestVotingDate(sh('2026-01-20T09:00'))).toBe('2026-02-05');
    expect(earliestVotingDate(sh('2026-12-20T09:00'))).toBe('2027-01-05');
    expect(earliestVotingDate(new Date('2026-12-16T16:00:00Z'))).toBe('2027-01-02');
  });

  it('counts 29 February in a leap year and skips it otherwise', () => {
    expect(earliestVotingDate(sh('2028-02-14T12:00'))).toBe('2028-03-01');
    expect(earliestVotingDate(sh('2026-02-14T12:00'))).toBe('2026-03-02');
    expect(earliestVotingDate(sh('2028-02-29T12:00'))).toBe('2028-03-16');
  });

  it('honours another minimum', () => {
    expect(earliestVotingDate(sh('2026-03-01T10:00'), 7)).toBe('2026-03-09');
    expect(earliestVotingDate(sh('2026-03-01T10:00'), 0)).toBe('2026-03-02');
  });
});

describe('earliestVotingStart', () => {
  it('is 00:00 Shanghai of the earliest voting day, as a UTC instant', () => {
    expect(earliestVotingStart(sh('2026-03-01T10:00')).toISOString()).toBe(
      '2026-03-16T16:00:00.000Z',
    );
  });

  it('refuses an invalid instant', () => {
    expect(() => earliestVotingStart(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('checkNoticePeriod', () => {
  const noticeGivenAt = sh('2026-03-01T10:00');

  it('accepts voting from 00:00 Shanghai of the earliest day', () => {
    expect(checkNoticePeriod({ noticeGivenAt, votingStartsAt: sh('2026-03-17T00:00') })).toEqual({
      ok: true,
    });
  });

  it('refuses voting one millisecond earlier, one day short', () => {
    expect(
      checkNoticePeriod({ noticeGivenAt, votingStartsAt: sh('2026-03-16T23:59:59.999') }),
    ).toEqual({
      ok: false,
      earliestDate: '2026-03-17',
      earliestStart: new Date('2026-03-16T16:00:00Z'),
      shortByDays: 1,
    });
  });

  it('says how many days short a too-early vote is', () => {
    const check = checkNoticePeriod({ noticeGivenAt, votingStartsAt: sh('2026-03-10T09:00') });
    expect(check).toMatchObject({ ok: false, shortByDays: 7 });
  });

  it('refuses voting before the notice itself', () => {
    const check = checkNoticePeriod({ noticeGivenAt, votingStartsAt: sh('2026-02-27T09:00') });
    expect(check).toMatchObject({ ok: false, shortByDays: 18 });
  });

  it('uses the given minimum', () => {
    const votingStartsAt = sh('2026-03-09T08:00');
    expect(checkNoticePeriod({ noticeGivenAt, votingStartsAt, minimumDays: 7 }).ok).toBe(true);
    expect(checkNoticePeriod({ noticeGivenAt, votingStartsAt, minimumDays: 8 }).ok).toBe(false);
  });

  it.each([-1, 1.5, Number.NaN])('refuses a minimum of %s days', (minimumDays) => {
    expect(() =>
      checkNoticePeriod({ noticeGivenAt, votingStartsAt: sh('2026-04-01T00:00'), minimumDays }),
    ).toThrow(RangeError);
  });

  it('accepts the earliest start for any notice instant, and refuses one day earlier', () => {
    const instant = fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2100-01-01T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 60 }), (notice, minimumDays) => {
        const start = earliestVotingStart(notice, minimumDays);
        const oneDayEarlier = new Date(start.getTime() - 24 * 60 * 60 * 1000);
        const noticeDay = Date.parse(shanghaiDate(notice));
        const startDay = Date.parse(shanghaiDate(start));
        // exactly minimumDays whole days lie strictly between the notice day and the voting day
        expect((startDay - noticeDay) / 86_400_000 - 1).toBe(minimumDays);
        expect(shanghaiDate(start)).toBe(earliestVotingDate(notice, minimumDays));
        expect(
          checkNoticePeriod({ noticeGivenAt: notice, votingStartsAt: start, minimumDays }),
        ).toEqual({ ok: true });
        expect(
          checkNoticePeriod({ noticeGivenAt: notice, votingStartsAt: oneDayEarlier, minimumDays }),
        ).toMatchObject({ ok: false, shortByDays: 1 });
        expect(
          checkNoticePeriod({
            noticeGivenAt: notice,
            votingStartsAt: new Date(start.getTime() - 1),
            minimumDays,
          }).ok,
        ).toBe(false);
      }),
    );
  });
});
