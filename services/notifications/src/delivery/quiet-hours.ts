/** Quiet hours as minutes after midnight in Asia/Shanghai; `start > end` spans midnight. */
export interface QuietHours {
  start: string;
  end: string;
}

// China has kept UTC+8 without daylight saving since 1991: Shanghai time is UTC plus 8 hours.
const shanghaiOffsetMs = 8 * 3_600_000;

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/**
 * When an SMS due at `at` may go out: `at` itself outside quiet hours, else the end of the quiet
 * hours (08:00 Shanghai by default) that `at` falls in.
 *
 * @example
 * allowedAt(new Date('2026-03-01T14:30:00Z'), { start: '21:00', end: '08:00' })
 * // 22:30 in Shanghai → 2026-03-02T00:00:00Z (08:00 the next morning)
 */
export function allowedAt(at: Date, quiet: QuietHours): Date {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return at;
  const local = at.getTime() + shanghaiOffsetMs;
  const dayStart = Math.floor(local / 86_400_000) * 86_400_000;
  const minute = (local - dayStart) / 60_000;
  const inQuiet = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inQuiet) return at;
  // The end lies later today, or tomorrow when the quiet hours began this evening.
  const endDay = start > end && minute >= start ? dayStart + 86_400_000 : dayStart;
  return new Date(endDay + end * 60_000 - shanghaiOffsetMs);
}
