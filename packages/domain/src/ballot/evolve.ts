import { BallotError } from './errors.ts';
import type { BallotEvent, BallotState } from './types.ts';

/** A ballot before anything happened to it: a draft. */
export const initialState: BallotState = Object.freeze({ status: 'draft' });

/**
 * The state after an event. Refuses, with `invalid_transition`, an event that cannot follow the
 * state: a stream that {@link decide} did not produce is corrupt and must not be silently folded.
 */
export function evolve(state: BallotState, event: BallotEvent): BallotState {
  const corrupt = (): never => {
    throw new BallotError(
      'invalid_transition',
      state.status,
      event.type,
      'the event does not follow',
    );
  };
  switch (event.type) {
    case 'BallotOpened':
      if (state.status !== 'draft') return corrupt();
      return {
        status: 'open',
        openedAt: event.at,
        window: {
          opensAt: event.opensAt,
          closesAt: event.closesAt,
          originalClosesAt: event.closesAt,
          latestClosesAt: event.latestClosesAt,
        },
      };
    case 'BallotExtended':
      if (state.status !== 'open' && state.status !== 'extended') return corrupt();
      return {
        status: 'extended',
        openedAt: state.openedAt,
        window: { ...state.window, closesAt: event.closesAt },
        extensions: state.status === 'extended' ? state.extensions + 1 : 1,
      };
    case 'BallotClosed':
      if (state.status !== 'open' && state.status !== 'extended') return corrupt();
      return {
        status: 'closed',
        openedAt: state.openedAt,
        window: state.window,
        closedAt: event.at,
      };
    case 'BallotPublished':
      if (state.status !== 'closed') return corrupt();
      return {
        ...state,
        status: 'published',
        publishedAt: event.at,
        publication: { from: event.from, until: event.until },
      };
    case 'BallotCancelled':
      if (state.status !== 'draft' && state.status !== 'open' && state.status !== 'extended') {
        return corrupt();
      }
      return {
        status: 'cancelled',
        cancelledAt: event.at,
        reason: event.reason,
        cancelledFrom: state.status,
      };
  }
}

/** The state a stream of events leads to from {@link initialState}. */
export function replay(events: readonly BallotEvent[]): BallotState {
  return events.reduce(evolve, initialState);
}
