import type { StaffClaims } from '@yishi/auth';
import { assertCommunityAccess } from '@yishi/auth';
import { preconditionFailed } from '@yishi/errors';
import { and, eq } from 'drizzle-orm';
import { auditTrail } from '../audit/audit-log.ts';
import type { Deps } from '../context.ts';
import type { BallotsDb, BallotsTx } from '../db/database.ts';
import { ballots, voteChanges, votes } from '../db/schema/index.ts';
import { receiptHash } from '../voting/link-token.ts';
import { latestCertification } from './certify.ts';
import { electionResults } from './elections.ts';
import { loadElectorate } from './electorate.ts';
import { loadBallot, loadMatters, noSuchBallot } from './load.ts';
import { loadResults, loadVotes } from './results.ts';
import { matterView } from './views.ts';

/** The figures of the latest certification; read in one snapshot (see {@link ballotResults}). */
async function certified(db: BallotsDb | BallotsTx, ballot: typeof ballots.$inferSelect) {
  const [matters, results, trail, latest] = await Promise.all([
    loadMatters(db, ballot.id),
    loadResults(db, ballot.id),
    auditTrail(db, ballot.id),
    latestCertification(db, ballot.id),
  ]);
  const byMatter = new Map(results.map((r) => [r.matterId, r.result]));
  return {
    ballotId: ballot.id,
    title: ballot.title,
    status: ballot.status,
    closedAt: ballot.closedAt?.toISOString() ?? null,
    publishedFrom: ballot.publishedFrom?.toISOString() ?? null,
    publishedUntil: ballot.publishedUntil?.toISOString() ?? null,
    policy: ballot.policy,
    /** The clause of the rules of procedure behind deemed votes (从众), when the policy uses them. */
    rulesOfProcedureClause: ballot.rulesOfProcedureClause,
    snapshotHash: ballot.snapshotHash,
    voteDigest: ballot.voteDigest,
    auditHead: trail.at(-1)?.hash ?? null,
    /** The certification these figures are (1 at the close, higher after re-certifications). */
    certification: latest
      ? {
          version: latest.version,
          certifiedAt: latest.certifiedAt.toISOString(),
          cause: latest.cause,
          unresolvedConflicts: latest.unresolvedConflicts,
        }
      : null,
    // Each result is tally's whole output: real ballots (`voted`) and deemed ones (`deemed`, 从众)
    // are reported apart.
    matters: matters.map((m) => ({ ...matterView(m), result: byMatter.get(m.id) ?? null })),
    elections: electionResults(matters, byMatter),
  };
}

/** The certified result, for staff of the community, once the ballot has closed. */
export async function ballotResults(
  deps: Pick<Deps, 'db'>,
  args: { staff: StaffClaims; communityId: string; ballotId: string },
) {
  assertCommunityAccess(args.staff, args.communityId);
  // One snapshot: a re-certification committing between two reads would otherwise pair one
  // version's figures with another's number.
  return deps.db.transaction(
    async (tx) => {
      const ballot = await loadBallot(tx, args);
      if (ballot.status !== 'closed' && ballot.status !== 'published') {
        throw preconditionFailed(
          { zh: '表决截止后才有结果', en: 'The result exists once the ballot has closed' },
          { details: { reason: 'not_closed', status: ballot.status } },
        );
      }
      return certified(tx, ballot);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/**
 * The published result (公示): every figure, each election's candidates in order, and one row per unit with its number, area and, for a
 * named ballot, the choice of its owner. Never names, phones or ID digits.
 */
export async function publicBallot(deps: Pick<Deps, 'db'>, ballotId: string) {
  const [ballot] = await deps.db.select().from(ballots).where(eq(ballots.id, ballotId));
  if (ballot?.status === 'closed') return pendingView(ballot);
  if (ballot?.status !== 'published') throw noSuchBallot();
  const [result, units, stored] = await Promise.all([
    certified(deps.db, ballot),
    loadElectorate(deps.db, ballotId),
    loadVotes(deps.db, ballotId),
  ]);
  const choices = new Map<string, Record<string, string>>();
  for (const v of stored) {
    const entry = choices.get(v.holderKey) ?? {};
    entry[v.matterId] = v.choice;
    choices.set(v.holderKey, entry);
  }
  const named = ballot.publication === 'named';
  return {
    ...result,
    publication: ballot.publication,
    units: units
      .map((u) => ({
        unit: `${u.building}-${u.entrance}-${u.room}`,
        area: u.area,
        voted: named ? choices.has(u.holderKey) : null,
        choices: named ? (choices.get(u.holderKey) ?? {}) : null,
      }))
      .sort((a, b) => a.unit.localeCompare(b.unit, 'zh-CN', { numeric: true })),
  };
}

/** Local rules ask for publication within 3 days of the close (RULES.md §1). */
const PUBLICATION_DUE_DAYS = 3;

/**
 * A closed ballot whose result is not published yet: that voting ended and when, and by when the
 * result is due; no figures, which may still be certified again before publication.
 */
function pendingView(ballot: typeof ballots.$inferSelect) {
  const closedAt = ballot.closedAt ?? ballot.closesAt;
  return {
    ballotId: ballot.id,
    title: ballot.title,
    status: 'closed' as const,
    result: 'pending' as const,
    closedAt: closedAt.toISOString(),
    publicationDueBy: new Date(
      closedAt.getTime() + PUBLICATION_DUE_DAYS * 86_400_000,
    ).toISOString(),
  };
}

/**
 * Whether the ballot behind a receipt code is in the stored (and, once closed, counted) ballots:
 * `counted` after the close, `recorded` before it, `superseded` when the owner changed it later.
 */
export async function checkReceipt(deps: Pick<Deps, 'db'>, ballotId: string, code: string) {
  const [ballot] = await deps.db.select().from(ballots).where(eq(ballots.id, ballotId));
  if (!ballot || ballot.status === 'draft') throw noSuchBallot();
  const hash = receiptHash(code);
  const current = await deps.db
    .select({ matterId: votes.matterId })
    .from(votes)
    .where(and(eq(votes.ballotId, ballotId), eq(votes.receiptHash, hash)));
  const closed = ballot.status === 'closed' || ballot.status === 'published';
  if (current.length > 0) {
    return {
      status: closed ? ('counted' as const) : ('recorded' as const),
      matters: current.length,
    };
  }
  const [replaced] = await deps.db
    .select({ id: voteChanges.id })
    .from(voteChanges)
    .where(and(eq(voteChanges.ballotId, ballotId), eq(voteChanges.previousReceiptHash, hash)))
    .limit(1);
  return { status: replaced ? ('superseded' as const) : ('unknown' as const), matters: 0 };
}
