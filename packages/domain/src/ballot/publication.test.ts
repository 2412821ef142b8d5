import { describe, expect, it } from 'vitest';
import { decide } from './decide.ts';
import { CLOSED_AT, refusal, STATES, sh } from './fixtures.ts';

// The fixture ballot closed on 2026-04-01 09:00 Shanghai.
const publish = (from: Date, until: Date, now = from) =>
  ({ type: 'publish', now, from, until }) as const;

describe('publish', () => {
  it('publishes for 15 full days after the first day, until 24:00 of the 15th', () => {
    // From 04-01: 04-02..04-16 are the 15 days, so the publication may end at 04-17 00:00.
    expect(decide(STATES.closed, publish(CLOSED_AT, sh('2026-04-17T00:00')))).toEqual([
      {
        type: 'BallotPublished',
        at: CLOSED_AT,
        from: CLOSED_AT,
        until: sh('2026-04-17T00:00'),
        warnings: [],
      },
    ]);
  });

  it('refuses a publication one millisecond shorter', () => {
    expect(refusal(STATES.closed, publish(CLOSED_AT, sh('2026-04-16T23:59:59.999')))).toBe(
      'publication_too_short',
    );
  });

  it('refuses a publication that starts before the close', () => {
    const from = sh('2026-04-01T08:59');
    expect(refusal(STATES.closed, publish(from, sh('2026-05-01T00:00'), CLOSED_AT))).toBe(
      'window_invalid',
    );
  });

  it('refuses a publication that ends before it starts or has no valid end', () => {
    expect(refusal(STATES.closed, publish(sh('2026-04-02T00:00'), CLOSED_AT, CLOSED_AT))).toBe(
      'window_invalid',
    );
    expect(refusal(STATES.closed, publish(CLOSED_AT, new Date(Number.NaN)))).toBe('window_invalid');
  });

  it('refuses to backdate a publication to a past day, but accepts any time of the current day', () => {
    const now = sh('2026-04-03T15:00');
    const until = sh('2026-05-01T00:00');
    expect(refusal(STATES.closed, publish(sh('2026-04-02T23:00'), until, now))).toBe(
      'window_invalid',
    );
    expect(refusal(STATES.closed, publish(sh('2026-04-03T00:00'), until, now))).toBeUndefined();
  });

  it('may schedule a publication that starts later', () => {
    expect(
      refusal(STATES.closed, publish(sh('2026-04-03T00:00'), sh('2026-05-01T00:00'), CLOSED_AT)),
    ).toBeUndefined();
  });

  it('does not warn when publication starts on the third day after the close', () => {
    const [event] = decide(STATES.closed, publish(sh('2026-04-04T23:00'), sh('2026-05-01T00:00')));
    expect(event).toMatchObject({ type: 'BallotPublished', warnings: [] });
  });

  it('publishes later than three days after the close, with a warning saying by how much', () => {
    const [event] = decide(STATES.closed, publish(sh('2026-04-06T08:00'), sh('2026-05-01T00:00')));
    expect(event).toMatchObject({
      type: 'BallotPublished',
      warnings: [{ code: 'publication_late', recommendedBy: '2026-04-04', daysLate: 2 }],
    });
  });
});
