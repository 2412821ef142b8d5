/**
 * A clock tests move by hand; pass its `now` where code takes the clock as a parameter.
 *
 * @example
 * const clock = manualClock(new Date('2026-03-01T02:00:00Z'));
 * clock.advance(15 * 60_000);
 */
export function manualClock(start: Date) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (d: Date) => {
      current = d.getTime();
    },
    advance: (ms: number) => {
      current += ms;
    },
  };
}
