import {
  dayNumberToDate,
  endOfPeriod,
  lastDayAfterMonths,
  shanghaiDayNumber,
  startOfShanghaiDay,
} from '../notice/shanghai-calendar.ts';
import { BallotError, type BallotErrorCode } from './errors.ts';
import { PUBLICATION_DUE_DAYS, PUBLICATION_MINIMUM_DAYS } from './rules.ts';
import type { BallotCommand, BallotEvent, BallotState, PublicationLate } from './types.ts';

type Command<T extends BallotCommand['type']> = Extract<BallotCommand, { type: T }>;
type Voting = Extract<BallotState, { status: 'open' | 'extended' }>;

// Every comparison is written so that an invalid Date (NaN) fails it and is refused.
const ms = (d: Date): number => (d instanceof Date ? d.getTime() : Number.NaN);

/**
 * The events a command produces on a ballot, or a {@link BallotError} naming the state and the
 * command. Pure: the clock is the command's `now`.
 *
 * - `open` (draft): opensAt < closesAt, closesAt in the future; fixes the extension cap, if any.
 * - `extend` (open, extended): a reason, a later close still in the future, within the cap. Also
 *   allowed after the announced close while the ballot is not closed (the usual "quorum missed" case).
 * - `close` (open, extended): only at or after closesAt; there is no early close.
 * - `publish` (closed): starts at or after the close and not on a past day, lasts at least
 *   {@link PUBLICATION_MINIMUM_DAYS} full days; a start after {@link PUBLICATION_DUE_DAYS} days is a warning.
 * - `cancel` (draft, open, extended): a reason, and before voting has ended.
 *
 * @example
 * const events = decide(initialState, { type: 'open', now, opensAt: now, closesAt: in14Days });
 * const state = events.reduce(evolve, initialState); // status 'open'
 */
export function decide(state: BallotState, command: BallotCommand): BallotEvent[] {
  const refuse = (code: BallotErrorCode, detail: string): never => {
    throw new BallotError(code, state.status, command.type, detail);
  };
  switch (command.type) {
    case 'open':
      if (state.status !== 'draft') return refuse('invalid_transition', 'only a draft opens');
      return [opened(command, refuse)];
    case 'extend':
      if (state.status !== 'open' && state.status !== 'extended') {
        return refuse('invalid_transition', 'only an open ballot is extended');
      }
      return [extended(state, command, refuse)];
    case 'close':
      if (state.status !== 'open' && state.status !== 'extended') {
        return refuse('invalid_transition', 'only an open ballot closes');
      }
      // Owners were told the window; closing before it ends could deny someone their vote.
      if (!(ms(command.now) >= ms(state.window.closesAt))) {
        return refuse('too_early', `voting runs until ${state.window.closesAt.toISOString()}`);
      }
      return [{ type: 'BallotClosed', at: command.now }];
    case 'publish':
      if (state.status !== 'closed') {
        return refuse('invalid_transition', 'only a closed ballot is published');
      }
      return [published(state.closedAt, command, refuse)];
    case 'cancel':
      if (state.status !== 'draft' && state.status !== 'open' && state.status !== 'extended') {
        return refuse('invalid_transition', 'a closed ballot is published, not cancelled');
      }
      if (!command.reason?.trim()) return refuse('reason_required', 'say why it is cancelled');
      // Once voting has ended its result must be published, whatever it is: cancelling then would
      // suppress a decision the owners have formed.
      if (state.status !== 'draft' && !(ms(command.now) < ms(state.window.closesAt))) {
        return refuse('too_late', 'voting has ended; close the ballot and publish its result');
      }
      return [{ type: 'BallotCancelled', at: command.now, reason: command.reason.trim() }];
  }
}

type Refuse = (code: BallotErrorCode, detail: string) => never;

function opened(command: Command<'open'>, refuse: Refuse): BallotEvent {
  const { now, opensAt, closesAt, maxExtensionMonths } = command;
  if (!(ms(opensAt) < ms(closesAt))) {
    return refuse('window_invalid', 'opensAt must be before closesAt');
  }
  if (!(ms(closesAt) > ms(now))) return refuse('window_invalid', 'closesAt must be in the future');
  let latestClosesAt: Date | null = null;
  if (maxExtensionMonths !== undefined) {
    if (!Number.isSafeInteger(maxExtensionMonths) || maxExtensionMonths < 0) {
      return refuse('window_invalid', 'maxExtensionMonths must be a whole number of months >= 0');
    }
    // The cap runs to 24:00 of its last day (民法典 第二百零二条, 第二百零三条).
    latestClosesAt = startOfShanghaiDay(lastDayAfterMonths(closesAt, maxExtensionMonths) + 1);
  }
  return { type: 'BallotOpened', at: now, opensAt, closesAt, latestClosesAt };
}

function extended(state: Voting, command: Command<'extend'>, refuse: Refuse): BallotEvent {
  const { now, closesAt, reason } = command;
  const { window } = state;
  if (!reason?.trim()) return refuse('reason_required', 'say why voting is extended');
  if (!(ms(closesAt) > ms(window.closesAt))) {
    return refuse('window_invalid', `the new close must be after ${window.closesAt.toISOString()}`);
  }
  if (!(ms(closesAt) > ms(now))) {
    return refuse('window_invalid', 'the new close must be in the future');
  }
  if (window.latestClosesAt && ms(closesAt) > ms(window.latestClosesAt)) {
    return refuse(
      'extension_limit_exceeded',
      `voting may not be extended beyond ${window.latestClosesAt.toISOString()}`,
    );
  }
  return {
    type: 'BallotExtended',
    at: now,
    previousClosesAt: window.closesAt,
    closesAt,
    reason: reason.trim(),
  };
}

function published(closedAt: Date, command: Command<'publish'>, refuse: Refuse): BallotEvent {
  const { now, from, until } = command;
  if (!(ms(from) >= ms(closedAt))) {
    return refuse('window_invalid', 'publication must start at or after the close');
  }
  if (!(ms(until) > ms(from)))
    return refuse('window_invalid', 'publication must end after it starts');
  // A publication cannot be backdated; any time on the current Shanghai day is fine.
  if (!(shanghaiDayNumber(from) >= shanghaiDayNumber(now))) {
    return refuse('window_invalid', 'publication cannot start on a past day');
  }
  const shortestUntil = endOfPeriod(from, PUBLICATION_MINIMUM_DAYS);
  if (!(ms(until) >= ms(shortestUntil))) {
    return refuse(
      'publication_too_short',
      `publish for at least ${PUBLICATION_MINIMUM_DAYS} full days, until ${shortestUntil.toISOString()} or later`,
    );
  }
  const dueDay = shanghaiDayNumber(closedAt) + PUBLICATION_DUE_DAYS;
  const daysLate = shanghaiDayNumber(from) - dueDay;
  const warnings: PublicationLate[] =
    daysLate > 0
      ? [{ code: 'publication_late', recommendedBy: dayNumberToDate(dueDay), daysLate }]
      : [];
  return { type: 'BallotPublished', at: now, from, until, warnings };
}
