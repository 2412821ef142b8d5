import { checkNoticePeriod, getMatter } from '@yishi/domain';
import type { ballotMatters, ballots } from '../db/schema/index.ts';
import { electionsOf } from './elections.ts';
import type { BallotView } from './schemas.ts';

type BallotRow = typeof ballots.$inferSelect;
type MatterRow = typeof ballotMatters.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A matter as staff and owners see it: its item of Art. 278 and what it takes to pass. */
export function matterView(m: MatterRow) {
  const matter = getMatter(m.item);
  return {
    id: m.id,
    position: m.position,
    item: m.item,
    title: m.title,
    body: m.body,
    label: { ...matter.label },
    threshold: matter.threshold,
    explanation: { ...matter.explanation },
    election: m.election ?? null,
  };
}

/**
 * A written consultation is not always an owners' assembly, so a window that starts before the
 * 15-day notice period ends is a warning for the committee, not a refusal.
 */
export function noticeWarnings(row: Pick<BallotRow, 'noticeGivenAt' | 'opensAt'>) {
  if (!row.noticeGivenAt) return [];
  const check = checkNoticePeriod({
    noticeGivenAt: row.noticeGivenAt,
    votingStartsAt: row.opensAt,
  });
  if (check.ok) return [];
  return [
    {
      code: 'notice_period_short' as const,
      message: {
        zh: `业主大会应于表决前15日通知；按通知时间，最早可于${check.earliestDate}开始表决（还差${check.shortByDays}天）`,
        en: `An owners' assembly must be notified 15 days ahead; voting could start on ${check.earliestDate} at the earliest (${check.shortByDays} days short)`,
      },
      earliestDate: check.earliestDate,
      shortByDays: check.shortByDays,
    },
  ];
}

export function ballotView(row: BallotRow, matters: readonly MatterRow[]): BallotView {
  return {
    id: row.id,
    communityId: row.communityId,
    title: row.title,
    description: row.description,
    status: row.status,
    matters: [...matters].sort((a, b) => a.position - b.position).map(matterView),
    elections: electionsOf(matters),
    scope: row.scope,
    window: {
      opensAt: row.opensAt.toISOString(),
      closesAt: row.closesAt.toISOString(),
      originalClosesAt: iso(row.originalClosesAt),
    },
    policy: row.policy,
    allowChange: row.allowChange,
    publication: row.publication,
    secondFactor: row.secondFactor,
    noticeGivenAt: iso(row.noticeGivenAt),
    rulesOfProcedureClause: row.rulesOfProcedureClause,
    maxExtensionMonths: row.maxExtensionMonths,
    snapshotHash: row.snapshotHash,
    voteDigest: row.voteDigest,
    openedAt: iso(row.openedAt),
    closedAt: iso(row.closedAt),
    publishedFrom: iso(row.publishedFrom),
    publishedUntil: iso(row.publishedUntil),
    cancelReason: row.cancelReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    warnings: row.status === 'draft' ? noticeWarnings(row) : [],
  };
}
