import type { ProposalCategory, ProposalStatus } from '@yishi/contracts';
import type { Caller } from './caller.ts';
import { isAuthor } from './caller.ts';
import type { ProposalRow } from './transition.ts';

/** How far a proposal is on its way to the co-signing threshold. */
export interface CosignProgress {
  count: number;
  required: number | null;
  base: number | null;
  /** Percent of the way to the threshold, 0–100, rounded down. */
  progressPercent: number;
  reached: boolean;
  reachedAt: string | null;
}

export interface DecisionView {
  outcome: 'decided' | 'not_decided';
  source: 'ballot' | 'minutes' | null;
  decidedAt: string | null;
  publishedAt: string | null;
}

/** What callers see of a proposal: never the author's owner key or staff id, only whether it is theirs. */
export interface ProposalView {
  id: string;
  title: string;
  description: string;
  category: ProposalCategory;
  item: number | null;
  status: ProposalStatus;
  authorKind: 'owner' | 'staff';
  mine: boolean;
  cosign: CosignProgress & {
    /** Whether the calling owner co-signed; null when not asked (lists, staff). */
    cosignedByMe: boolean | null;
  };
  decision: DecisionView | null;
  meetingId: string | null;
  ballotId: string | null;
  withdrawnReason: string | null;
  createdAt: string;
  openedAt: string | null;
  updatedAt: string;
}

/** What every view of a proposal starts with, the public one too: nothing personal. */
export const proposalHead = (row: ProposalRow) => ({
  id: row.id,
  title: row.title,
  description: row.description,
  category: row.category as ProposalCategory,
  item: row.item,
  status: row.status as ProposalStatus,
  authorKind: row.authorKind,
});

export function cosignProgress(row: ProposalRow): CosignProgress {
  const required = row.cosignRequired;
  return {
    count: row.cosignCount,
    required,
    base: row.cosignBase,
    progressPercent: required ? Math.min(100, Math.floor((row.cosignCount * 100) / required)) : 0,
    reached: row.thresholdReachedAt !== null,
    reachedAt: row.thresholdReachedAt?.toISOString() ?? null,
  };
}

/**
 * Whether the decision may be shown to owners and the public: minutes are published when they
 * decide; a ballot's result may still be certified again until it is published (公示), as the
 * meetings service holds too.
 */
export const decisionVisible = (row: ProposalRow) =>
  row.outcome !== null && (row.decisionSource !== 'ballot' || row.decisionPublishedAt !== null);

/** The decision of a proposal where it is shown, else null. */
export const decisionView = (row: ProposalRow, shown: boolean): DecisionView | null =>
  shown && row.outcome
    ? {
        outcome: row.outcome,
        source: row.decisionSource,
        decidedAt: row.decidedAt?.toISOString() ?? null,
        publishedAt: row.decisionPublishedAt?.toISOString() ?? null,
      }
    : null;

export function toView(
  row: ProposalRow,
  caller: Caller,
  extra: { cosigned: boolean | null },
): ProposalView {
  return {
    ...proposalHead(row),
    mine: isAuthor(caller, row),
    cosign: {
      ...cosignProgress(row),
      cosignedByMe: caller.kind === 'owner' ? extra.cosigned : null,
    },
    // The committee sees a ballot's decision at once, before its result is published.
    decision: decisionView(row, caller.kind === 'staff' || decisionVisible(row)),
    meetingId: row.meetingId,
    ballotId: row.ballotId,
    withdrawnReason: row.withdrawnReason,
    createdAt: row.createdAt.toISOString(),
    openedAt: row.openedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}
