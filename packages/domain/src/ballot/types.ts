/** The voting window as the ballot was opened, and as extensions have moved it. */
export interface BallotWindow {
  /** When owners may start voting. */
  readonly opensAt: Date;
  /** When voting ends; moved later by each extension. */
  readonly closesAt: Date;
  /** The close announced when the ballot opened; extension caps are counted from it. */
  readonly originalClosesAt: Date;
  /** The latest close any extension may reach, fixed when the ballot opened; null when uncapped. */
  readonly latestClosesAt: Date | null;
}

/** The publication (公示) of a closed ballot's result. */
export interface Publication {
  readonly from: Date;
  readonly until: Date;
}

/** A ballot's lifecycle state; `published` and `cancelled` are terminal. */
export type BallotState =
  | { readonly status: 'draft' }
  | { readonly status: 'open'; readonly window: BallotWindow; readonly openedAt: Date }
  | {
      readonly status: 'extended';
      readonly window: BallotWindow;
      readonly openedAt: Date;
      readonly extensions: number;
    }
  | {
      readonly status: 'closed';
      readonly window: BallotWindow;
      readonly openedAt: Date;
      readonly closedAt: Date;
    }
  | {
      readonly status: 'published';
      readonly window: BallotWindow;
      readonly openedAt: Date;
      readonly closedAt: Date;
      readonly publishedAt: Date;
      readonly publication: Publication;
    }
  | {
      readonly status: 'cancelled';
      readonly cancelledAt: Date;
      readonly reason: string;
      readonly cancelledFrom: 'draft' | 'open' | 'extended';
    };

export type BallotStatus = BallotState['status'];

/** What a committee member asks of a ballot. `now` is the clock, read by the caller. */
export type BallotCommand =
  | {
      readonly type: 'open';
      readonly now: Date;
      readonly opensAt: Date;
      readonly closesAt: Date;
      /** Cap on extensions, in months after the original close (e.g. 3 in some cities); none if absent. */
      readonly maxExtensionMonths?: number;
    }
  | {
      readonly type: 'extend';
      readonly now: Date;
      readonly closesAt: Date;
      readonly reason: string;
    }
  | { readonly type: 'close'; readonly now: Date }
  | { readonly type: 'publish'; readonly now: Date; readonly from: Date; readonly until: Date }
  | { readonly type: 'cancel'; readonly now: Date; readonly reason: string };

export type BallotCommandType = BallotCommand['type'];

/** A recommendation the publication did not meet; recorded, not refused. */
export interface PublicationLate {
  readonly code: 'publication_late';
  /** The last Shanghai day on which publication was recommended to start, 'YYYY-MM-DD'. */
  readonly recommendedBy: string;
  readonly daysLate: number;
}

/** What happened to a ballot. Plain data; `at` is the instant it was decided. */
export type BallotEvent =
  | {
      readonly type: 'BallotOpened';
      readonly at: Date;
      readonly opensAt: Date;
      readonly closesAt: Date;
      readonly latestClosesAt: Date | null;
    }
  | {
      readonly type: 'BallotExtended';
      readonly at: Date;
      readonly previousClosesAt: Date;
      readonly closesAt: Date;
      readonly reason: string;
    }
  | { readonly type: 'BallotClosed'; readonly at: Date }
  | {
      readonly type: 'BallotPublished';
      readonly at: Date;
      readonly from: Date;
      readonly until: Date;
      readonly warnings: readonly PublicationLate[];
    }
  | { readonly type: 'BallotCancelled'; readonly at: Date; readonly reason: string };

export type BallotEventType = BallotEvent['type'];
