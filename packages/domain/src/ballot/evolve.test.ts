import { describe, expect, it } from 'vitest';
import { decide } from './decide.ts';
import { BallotError } from './errors.ts';
import { evolve, initialState, replay } from './evolve.ts';
import {
  CLOSED_AT,
  CLOSES,
  closed,
  DURING,
  OPENS,
  opened,
  publishedEvent,
  STATES,
  sh,
} from './fixtures.ts';
import type { BallotCommand, BallotEvent, BallotState } from './types.ts';

describe('evolve', () => {
  it('starts from a draft', () => {
    expect(initialState).toEqual({ status: 'draft' });
  });

  it('rebuilds a published ballot from its events', () => {
    expect(replay([opened, closed, publishedEvent])).toEqual({
      status: 'published',
      openedAt: opened.at,
      window: { opensAt: OPENS, closesAt: CLOSES, originalClosesAt: CLOSES, latestClosesAt: null },
      closedAt: CLOSED_AT,
      publishedAt: CLOSED_AT,
      publication: { from: CLOSED_AT, until: sh('2026-04-20T00:00') },
    });
  });

  it('rebuilds by replay the state that deciding step by step reached', () => {
    const commands: BallotCommand[] = [
      {
        type: 'open',
        now: sh('2026-03-16T10:00'),
        opensAt: OPENS,
        closesAt: CLOSES,
        maxExtensionMonths: 3,
      },
      { type: 'extend', now: DURING, closesAt: sh('2026-04-10T18:00'), reason: 'quorum' },
      {
        type: 'extend',
        now: sh('2026-04-09T12:00'),
        closesAt: sh('2026-04-20T18:00'),
        reason: 'quorum',
      },
      { type: 'close', now: sh('2026-04-20T18:00') },
      {
        type: 'publish',
        now: sh('2026-04-21T09:00'),
        from: sh('2026-04-21T09:00'),
        until: sh('2026-05-10T00:00'),
      },
    ];
    let state: BallotState = initialState;
    const stream: BallotEvent[] = [];
    for (const command of commands) {
      const events = decide(state, command);
      stream.push(...events);
      state = events.reduce(evolve, state);
    }
    expect(state.status).toBe('published');
    expect(replay(stream)).toEqual(state);
    expect(replay(stream.slice(0, 3))).toMatchObject({ status: 'extended', extensions: 2 });
  });

  it('does not change the state it is given', () => {
    const before = structuredClone(STATES.open);
    evolve(STATES.open, { type: 'BallotClosed', at: CLOSES });
    expect(STATES.open).toEqual(before);
  });

  it.each([
    ['a second opening', [opened, opened]],
    ['a close of a draft', [closed]],
    ['a publication before the close', [opened, publishedEvent]],
    [
      'anything after a cancellation',
      [{ type: 'BallotCancelled', at: DURING, reason: 'x' }, opened],
    ],
  ] as [string, BallotEvent[]][])('refuses a corrupt stream: %s', (_, events) => {
    expect(() => replay(events)).toThrow(BallotError);
    expect(() => replay(events)).toThrow(/cannot apply Ballot\w+ to a \w+ ballot/);
  });
});
