import { dayNumberToDate, endOfPeriod, shanghaiDayNumber } from './shanghai-calendar.ts';

/**
 * Full days between the notice of an owners' assembly and its first voting day (物业管理条例 第十四条:
 * the assembly is notified 15 days before it meets; RULES.md §5).
 */
export const NOTICE_MINIMUM_DAYS = 15;

/** The outcome of {@link checkNoticePeriod}. */
export type NoticeCheck =
  | { ok: true }
  | {
      ok: false;
      /** The earliest first voting day, a Shanghai date 'YYYY-MM-DD'. */
      earliestDate: string;
      /** 00:00 Shanghai on `earliestDate`, as a UTC instant. */
      earliestStart: Date;
      /** How many days the voting must move later to respect the notice period (at least 1). */
      shortByDays: number;
    };

/**
 * The earliest first voting day after a notice given at `noticeGivenAt`, a Shanghai date
 * 'YYYY-MM-DD'. The notice day does not count (民法典 第二百零一条); the `minimumDays` days after it
 * must all pass before voting may start, so a notice on day D allows voting from day D + minimumDays + 1.
 *
 * @example
 * // Notice at 2026-03-01 10:00 Shanghai: 03-02..03-16 are the 15 full days.
 * earliestVotingDate(new Date('2026-03-01T02:00:00Z')) // '2026-03-17'
 */
export function earliestVotingDate(noticeGivenAt: Date, minimumDays = NOTICE_MINIMUM_DAYS): string {
  return dayNumberToDate(shanghaiDayNumber(earliestVotingStart(noticeGivenAt, minimumDays)));
}

/**
 * The earliest instant voting may start after a notice given at `noticeGivenAt`: 00:00 Shanghai of
 * {@link earliestVotingDate}, as a UTC instant.
 *
 * @example earliestVotingStart(new Date('2026-03-01T02:00:00Z')).toISOString() // '2026-03-16T16:00:00.000Z'
 */
export function earliestVotingStart(noticeGivenAt: Date, minimumDays = NOTICE_MINIMUM_DAYS): Date {
  return endOfPeriod(noticeGivenAt, minimumDays);
}

/**
 * Whether voting starting at `votingStartsAt` respects the notice period after `noticeGivenAt`.
 * Only the Shanghai calendar day of each instant matters: any time on the earliest day is fine.
 *
 * @throws {RangeError} for an invalid instant or a `minimumDays` that is not a whole number >= 0.
 */
export function checkNoticePeriod({
  noticeGivenAt,
  votingStartsAt,
  minimumDays = NOTICE_MINIMUM_DAYS,
}: {
  noticeGivenAt: Date;
  votingStartsAt: Date;
  minimumDays?: number;
}): NoticeCheck {
  const earliestStart = earliestVotingStart(noticeGivenAt, minimumDays);
  const earliestDay = shanghaiDayNumber(earliestStart);
  const shortByDays = earliestDay - shanghaiDayNumber(votingStartsAt);
  if (shortByDays <= 0) return { ok: true };
  return {
    ok: false,
    earliestDate: dayNumberToDate(earliestDay),
    earliestStart,
    shortByDays,
  };
}
