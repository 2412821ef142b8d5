import { decide } from './decide.ts';
import { BallotError, type BallotErrorCode } from './errors.ts';
import { initialState, replay } from './evolve.ts';
import type { BallotCommand, BallotEvent, BallotState, BallotStatus } from './types.ts';

// Shared by the ballot tests: a ballot on each state, and one valid command of each kind.

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** An instant given as Shanghai wall-clock time. */
export const sh = (local: string) => new Date(`${local}+08:00`);
export const later = (d: Date, ms: number) => new Date(d.getTime() + ms);

export const OPENS = sh('2026-03-17T00:00');
export const CLOSES = sh('2026-03-31T18:00');
export const DURING = sh('2026-03-20T12:00');
export const CLOSED_AT = sh('2026-04-01T09:00');

export const opened = {
  type: 'BallotOpened',
  at: sh('2026-03-16T10:00'),
  opensAt: OPENS,
  closesAt: CLOSES,
  latestClosesAt: null,
} satisfies BallotEvent;
export const extendedBy7 = {
  type: 'BallotExtended',
  at: DURING,
  previousClosesAt: CLOSES,
  closesAt: later(CLOSES, 7 * DAY),
  reason: 'quorum not reached',
} satisfies BallotEvent;
export const closed = { type: 'BallotClosed', at: CLOSED_AT } satisfies BallotEvent;
export const publishedEvent = {
  type: 'BallotPublished',
  at: CLOSED_AT,
  from: CLOSED_AT,
  until: sh('2026-04-20T00:00'),
  warnings: [],
} satisfies BallotEvent;
export const cancelled = {
  type: 'BallotCancelled',
  at: DURING,
  reason: 'wrong roster',
} satisfies BallotEvent;

export const STATES: Record<BallotStatus, BallotState> = {
  draft: initialState,
  open: replay([opened]),
  extended: replay([opened, extendedBy7]),
  closed: replay([opened, closed]),
  published: replay([opened, closed, publishedEvent]),
  cancelled: replay([cancelled]),
};

/** One command of each kind, valid wherever its kind is allowed. */
export const COMMANDS: Record<BallotCommand['type'], BallotCommand> = {
  open: { type: 'open', now: sh('2026-03-16T10:00'), opensAt: OPENS, closesAt: CLOSES },
  extend: { type: 'extend', now: DURING, closesAt: later(CLOSES, 14 * DAY), reason: 'quorum' },
  close: { type: 'close', now: later(CLOSES, 30 * DAY) },
  publish: { type: 'publish', now: CLOSED_AT, from: CLOSED_AT, until: sh('2026-04-25T00:00') },
  cancel: { type: 'cancel', now: DURING, reason: 'the roster was wrong' },
};

/** The code a command is refused with, or undefined when it is accepted. */
export function refusal(state: BallotState, command: BallotCommand): BallotErrorCode | undefined {
  try {
    decide(state, command);
    return undefined;
  } catch (error) {
    if (error instanceof BallotError) return error.code;
    throw error;
  }
}
