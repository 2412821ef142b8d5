import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endOfPeriod } from '../notice/shanghai-calendar.ts';
import { decide } from './decide.ts';
import { BallotError } from './errors.ts';
import { evolve, initialState, replay } from './evolve.ts';
import { PUBLICATION_MINIMUM_DAYS } from './rules.ts';
import type { BallotCommand, BallotEvent, BallotState, BallotStatus } from './types.ts';

const HOUR = 3_600_000;
const START = Date.parse('2026-01-01T00:00:00Z');

const NEXT: Record<BallotStatus, readonly BallotStatus[]> = {
  draft: ['open', 'cancelled'],
  open: ['extended', 'closed', 'cancelled'],
  extended: ['extended', 'closed', 'cancelled'],
  closed: ['published'],
  published: [],
  cancelled: [],
};

/** A command relative to the clock: offsets in hours, some negative, some zero. */
const offset = fc.oneof(
  { arbitrary: fc.constant(0), weight: 1 },
  { arbitrary: fc.integer({ min: -24 * 30, max: 24 * 120 }), weight: 4 },
);
const step = fc.record({
  advanceHours: fc.nat({ max: 24 * 30 }),
  kind: fc.oneof(
    { arbitrary: fc.constantFrom('open', 'close', 'publish'), weight: 3 },
    { arbitrary: fc.constant('extend'), weight: 2 },
    { arbitrary: fc.constant('cancel'), weight: 1 },
  ),
  a: offset,
  b: offset,
  days: fc.integer({ min: -1, max: 40 }),
  months: fc.option(fc.integer({ min: -1, max: 6 }), { nil: undefined }),
  reason: fc.constantFrom('', '  ', 'quorum not reached'),
});

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function command(now: Date, s: Step): BallotCommand {
  const at = (base: Date, hours: number) => new Date(base.getTime() + hours * HOUR);
  switch (s.kind) {
    case 'open':
      return {
        type: 'open',
        now,
        opensAt: at(now, s.a),
        closesAt: at(now, s.b),
        maxExtensionMonths: s.months,
      };
    case 'extend':
      return { type: 'extend', now, closesAt: at(now, s.days * 24 + s.a), reason: s.reason };
    case 'close':
      return { type: 'close', now };
    case 'publish':
      return { type: 'publish', now, from: at(now, s.a), until: at(at(now, s.a), s.days * 24) };
    case 'cancel':
      return { type: 'cancel', now, reason: s.reason };
  }
}

function assertValid(state: BallotState): void {
  if (state.status === 'draft') return;
  if (state.status === 'cancelled') {
    expect(state.reason).toBe(state.reason.trim());
    expect(state.reason).not.toBe('');
    return;
  }
  const { window } = state;
  expect(window.opensAt.getTime()).toBeLessThan(window.originalClosesAt.getTime());
  expect(window.closesAt.getTime()).toBeGreaterThanOrEqual(window.originalClosesAt.getTime());
  if (window.latestClosesAt) {
    expect(window.closesAt.getTime()).toBeLessThanOrEqual(window.latestClosesAt.getTime());
  }
  if (state.status === 'extended') expect(state.extensions).toBeGreaterThanOrEqual(1);
  if (state.status === 'closed' || state.status === 'published') {
    expect(state.closedAt.getTime()).toBeGreaterThanOrEqual(window.closesAt.getTime());
  }
  if (state.status === 'published') {
    const { from, until } = state.publication;
    expect(from.getTime()).toBeGreaterThanOrEqual(state.closedAt.getTime());
    expect(until.getTime()).toBeGreaterThanOrEqual(
      endOfPeriod(from, PUBLICATION_MINIMUM_DAYS).getTime(),
    );
  }
}

describe('the ballot lifecycle', () => {
  it('never reaches an invalid state, whatever commands arrive as the clock moves on', () => {
    const reached = new Map<BallotStatus, number>();
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30, size: 'max' }), (steps) => {
        let state: BallotState = initialState;
        let now = START;
        const stream: BallotEvent[] = [];
        for (const s of steps) {
          now += s.advanceHours * HOUR;
          let events: BallotEvent[];
          try {
            events = decide(state, command(new Date(now), s));
          } catch (error) {
            // Refusals are typed and leave the state as it was.
            expect(error).toBeInstanceOf(BallotError);
            if (state.status === 'published' || state.status === 'cancelled') {
              expect((error as BallotError).code).toBe('invalid_transition');
            }
            continue;
          }
          const next = events.reduce(evolve, state);
          expect(NEXT[state.status]).toContain(next.status);
          assertValid(next);
          stream.push(...events);
          state = next;
          reached.set(state.status, (reached.get(state.status) ?? 0) + 1);
        }
        expect(replay(stream)).toEqual(state);
      }),
      { numRuns: 500 },
    );
    // The property is only meaningful if random commands drive ballots all the way through.
    expect([...reached.keys()].sort()).toEqual([
      'cancelled',
      'closed',
      'extended',
      'open',
      'published',
    ]);
  });
});
