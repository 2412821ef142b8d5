import { describe, expect, it } from 'vitest';
import { decide } from './decide.ts';
import { evolve, initialState, replay } from './evolve.ts';
import { CLOSES, DAY, DURING, later, OPENS, opened, refusal, STATES, sh } from './fixtures.ts';
import type { BallotEvent, BallotState } from './types.ts';

const NOW = sh('2026-03-16T10:00');
const apply = (state: BallotState, events: BallotEvent[]) => events.reduce(evolve, state);

describe('open', () => {
  it('opens a draft with the window it was given and no extension cap by default', () => {
    const events = decide(initialState, {
      type: 'open',
      now: NOW,
      opensAt: OPENS,
      closesAt: CLOSES,
    });
    expect(events).toEqual([
      { type: 'BallotOpened', at: NOW, opensAt: OPENS, closesAt: CLOSES, latestClosesAt: null },
    ]);
  });

  it('may open with a window that started already, as long as it closes in the future', () => {
    const open = { type: 'open', now: DURING, opensAt: OPENS, closesAt: CLOSES } as const;
    expect(refusal(initialState, open)).toBeUndefined();
  });

  it.each([
    ['opensAt equals closesAt', OPENS, OPENS],
    ['opensAt after closesAt', CLOSES, OPENS],
    ['closesAt in the past', sh('2026-03-01T00:00'), sh('2026-03-10T00:00')],
    ['closesAt is now', sh('2026-03-01T00:00'), NOW],
    ['an invalid opensAt', new Date(Number.NaN), CLOSES],
    ['an invalid closesAt', OPENS, new Date('not a date')],
  ])('refuses %s as window_invalid', (_, opensAt, closesAt) => {
    expect(refusal(initialState, { type: 'open', now: NOW, opensAt, closesAt })).toBe(
      'window_invalid',
    );
  });

  it('caps extensions at 24:00 of the same day some months after the original close', () => {
    const [event] = decide(initialState, {
      type: 'open',
      now: NOW,
      opensAt: OPENS,
      closesAt: CLOSES, // 2026-03-31 18:00; June has no 31st, so the cap is the end of 06-30
      maxExtensionMonths: 3,
    });
    expect(event).toMatchObject({ latestClosesAt: sh('2026-07-01T00:00') });
  });

  it.each([-1, 1.5, Number.NaN])('refuses a cap of %s months', (maxExtensionMonths) => {
    const open = {
      type: 'open',
      now: NOW,
      opensAt: OPENS,
      closesAt: CLOSES,
      maxExtensionMonths,
    } as const;
    expect(refusal(initialState, open)).toBe('window_invalid');
  });
});

describe('extend', () => {
  const capped = replay([{ ...opened, latestClosesAt: sh('2026-07-01T00:00') }]);
  const extend = (closesAt: Date, reason = 'quorum not reached', now = DURING) =>
    ({ type: 'extend', now, closesAt, reason }) as const;

  it('moves the close later and counts the extensions', () => {
    const once = apply(STATES.open, decide(STATES.open, extend(sh('2026-04-15T18:00'))));
    const twice = apply(once, decide(once, extend(sh('2026-04-30T18:00'))));
    expect(twice).toMatchObject({
      status: 'extended',
      extensions: 2,
      window: { opensAt: OPENS, closesAt: sh('2026-04-30T18:00'), originalClosesAt: CLOSES },
    });
  });

  it.each(['', '   '])('requires a reason (refuses %j)', (reason) => {
    expect(refusal(STATES.open, extend(sh('2026-04-15T18:00'), reason))).toBe('reason_required');
  });

  it('refuses a close that is not later than the current one', () => {
    expect(refusal(STATES.open, extend(CLOSES))).toBe('window_invalid');
    expect(refusal(STATES.open, extend(sh('2026-03-30T18:00')))).toBe('window_invalid');
  });

  it('may extend after the announced close while the ballot is not closed yet, into the future', () => {
    const afterClose = sh('2026-04-01T08:00');
    expect(
      refusal(STATES.open, extend(sh('2026-04-10T18:00'), 'quorum', afterClose)),
    ).toBeUndefined();
    expect(refusal(STATES.open, extend(sh('2026-04-01T07:00'), 'quorum', afterClose))).toBe(
      'window_invalid',
    );
  });

  it('allows extending up to the cap and refuses one millisecond beyond', () => {
    expect(refusal(capped, extend(sh('2026-07-01T00:00')))).toBeUndefined();
    expect(refusal(capped, extend(new Date(sh('2026-07-01T00:00').getTime() + 1)))).toBe(
      'extension_limit_exceeded',
    );
  });

  it('keeps the cap through several extensions', () => {
    const once = apply(capped, decide(capped, extend(sh('2026-05-31T18:00'))));
    expect(refusal(once, extend(sh('2026-07-02T00:00')))).toBe('extension_limit_exceeded');
  });
});

describe('close', () => {
  it('refuses to close before the announced close, and closes from that instant on', () => {
    expect(refusal(STATES.open, { type: 'close', now: new Date(CLOSES.getTime() - 1) })).toBe(
      'too_early',
    );
    expect(decide(STATES.open, { type: 'close', now: CLOSES })).toEqual([
      { type: 'BallotClosed', at: CLOSES },
    ]);
  });

  it('waits for the extended close', () => {
    const afterFirstClose = new Date(CLOSES.getTime() + DAY);
    expect(refusal(STATES.extended, { type: 'close', now: afterFirstClose })).toBe('too_early');
  });
});

describe('cancel', () => {
  it('cancels a draft at any time and records the trimmed reason and the state it left', () => {
    const now = sh('2027-01-01T00:00');
    const state = apply(
      initialState,
      decide(initialState, { type: 'cancel', now, reason: ' dup ' }),
    );
    expect(state).toEqual({
      status: 'cancelled',
      cancelledAt: now,
      reason: 'dup',
      cancelledFrom: 'draft',
    });
  });

  it.each(['', ' \n '])('requires a reason (refuses %j)', (reason) => {
    expect(refusal(STATES.open, { type: 'cancel', now: DURING, reason })).toBe('reason_required');
  });

  it('refuses to cancel once voting has ended, even before the close is recorded', () => {
    const cancel = { type: 'cancel', now: CLOSES, reason: 'bad result' } as const;
    expect(refusal(STATES.open, cancel)).toBe('too_late');
    expect(refusal(STATES.open, { ...cancel, now: later(CLOSES, -1) })).toBeUndefined();
  });

  it('counts the end of voting from the extended close', () => {
    const cancel = { type: 'cancel', now: CLOSES, reason: 'wrong roster' } as const;
    expect(refusal(STATES.extended, cancel)).toBeUndefined();
  });
});
