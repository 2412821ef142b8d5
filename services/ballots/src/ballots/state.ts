import type { ballot } from '@yishi/domain';
import type { ballots } from '../db/schema/index.ts';

type BallotRow = typeof ballots.$inferSelect;
type StateColumns = Pick<
  BallotRow,
  | 'status'
  | 'opensAt'
  | 'closesAt'
  | 'originalClosesAt'
  | 'latestClosesAt'
  | 'extensions'
  | 'openedAt'
  | 'closedAt'
  | 'publishedAt'
  | 'publishedFrom'
  | 'publishedUntil'
  | 'cancelledAt'
  | 'cancelledFrom'
  | 'cancelReason'
>;

/** The domain's lifecycle state of a stored ballot. */
export function stateOf(row: StateColumns): ballot.BallotState {
  const window = (): ballot.BallotWindow => ({
    opensAt: row.opensAt,
    closesAt: row.closesAt,
    originalClosesAt: row.originalClosesAt ?? row.closesAt,
    latestClosesAt: row.latestClosesAt,
  });
  switch (row.status) {
    case 'draft':
      return { status: 'draft' };
    case 'open':
      return { status: 'open', window: window(), openedAt: row.openedAt! };
    case 'extended':
      return {
        status: 'extended',
        window: window(),
        openedAt: row.openedAt!,
        extensions: row.extensions,
      };
    case 'closed':
      return {
        status: 'closed',
        window: window(),
        openedAt: row.openedAt!,
        closedAt: row.closedAt!,
      };
    case 'published':
      return {
        status: 'published',
        window: window(),
        openedAt: row.openedAt!,
        closedAt: row.closedAt!,
        publishedAt: row.publishedAt!,
        publication: { from: row.publishedFrom!, until: row.publishedUntil! },
      };
    case 'cancelled':
      return {
        status: 'cancelled',
        cancelledAt: row.cancelledAt!,
        reason: row.cancelReason ?? '',
        cancelledFrom: row.cancelledFrom ?? 'draft',
      };
  }
}

/** The columns that store a state, to write after `evolve`. */
export function columnsOf(state: ballot.BallotState): Partial<StateColumns> {
  switch (state.status) {
    case 'draft':
      return { status: 'draft' };
    case 'open':
    case 'extended':
    case 'closed':
    case 'published': {
      const { window } = state;
      return {
        status: state.status,
        opensAt: window.opensAt,
        closesAt: window.closesAt,
        originalClosesAt: window.originalClosesAt,
        latestClosesAt: window.latestClosesAt,
        openedAt: state.openedAt,
        ...(state.status === 'extended' ? { extensions: state.extensions } : {}),
        ...(state.status === 'closed' || state.status === 'published'
          ? { closedAt: state.closedAt }
          : {}),
        ...(state.status === 'published'
          ? {
              publishedAt: state.publishedAt,
              publishedFrom: state.publication.from,
              publishedUntil: state.publication.until,
            }
          : {}),
      };
    }
    case 'cancelled':
      return {
        status: 'cancelled',
        cancelledAt: state.cancelledAt,
        cancelledFrom: state.cancelledFrom,
        cancelReason: state.reason,
      };
  }
}
