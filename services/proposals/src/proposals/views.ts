import type { ProposalCategory, ProposalStatus } from '@yishi/contracts';
import type { Caller } from './caller.ts';
import { isAuthor } from './caller.ts';
import type { ProposalRow } from './transition.ts';

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
  cosign: {
    count: number;
    required: number | null;
    base: number | null;
    /** Percent of the way to the threshold, 0–100, rounded down. */
    progressPercent: number;
    reached: boolean;
    reachedAt: string | null;
    /** Whether the calling owner co-signed; null when not asked (lists, staff). */
    cosignedByMe: boolean | null;
  };
  decision: {
    outcome: 'decided' | 'not_decided';
    source: 'ballot' | 'minutes' | null;
    decidedAt: string | null;
    publishedAt: string | null;
  } | null;
  meetingId: string | null;
  ballotId: string | null;
  withdrawnReason: string | null;
  createdAt: string;
  openedAt: string | null;
  updatedAt: string;
}

export function toView(
  row: ProposalRow,
  caller: Caller,
  extra: { cosigned: boolean | null },
): ProposalView {
  const required = row.cosignRequired;
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    category: row.category as ProposalCategory,
    item: row.item,
    status: row.status as ProposalStatus,
    authorKind: row.authorKind,
    mine: isAuthor(caller, row),
    cosign: {
      count: row.cosignCount,
      required,
      base: row.cosignBase,
      progressPercent: required ? Math.min(100, Math.floor((row.cosignCount * 100) / required)) : 0,
      reached: row.thresholdReachedAt !== null,
      reachedAt: row.thresholdReachedAt?.toISOString() ?? null,
      cosignedByMe: caller.kind === 'owner' ? extra.cosigned : null,
    },
    // A ballot's decision is shown once its result is published (it may be re-certified before);
    // the committee sees it at once.
    decision:
      row.outcome &&
      (caller.kind === 'staff' ||
        row.decisionSource !== 'ballot' ||
        row.decisionPublishedAt !== null)
        ? {
            outcome: row.outcome,
            source: row.decisionSource,
            decidedAt: row.decidedAt?.toISOString() ?? null,
            publishedAt: row.decisionPublishedAt?.toISOString() ?? null,
          }
        : null,
    meetingId: row.meetingId,
    ballotId: row.ballotId,
    withdrawnReason: row.withdrawnReason,
    createdAt: row.createdAt.toISOString(),
    openedAt: row.openedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}
