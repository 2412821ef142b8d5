import type { StaffClaims } from '@yishi/auth';
import { assertCommunityAccess } from '@yishi/auth';
import { preconditionFailed } from '@yishi/errors';
import { and, eq } from 'drizzle-orm';
import { auditTrail } from '../audit/audit-log.ts';
import type { Deps } from '../context.ts';
import { ballots, voteChanges, votes } from '../db/schema/index.ts';
import { receiptHash } from '../voting/link-token.ts';
import { loadElectorate } from './electorate.ts';
import { loadBallot, loadMatters, noSuchBallot } from './load.ts';
import { loadResults, loadVotes } from './results.ts';
import { matterView } from './views.ts';

async function certified(deps: Pick<Deps, 'db'>, ballot: typeof ballots.$inferSelect) {
  const [matters, results, trail] = await Promise.all([
    loadMatters(deps.db, ballot.id),
    loadResults(deps.db, ballot.id),
    auditTrail(deps.db, ballot.id),
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
    snapshotHash: ballot.snapshotHash,
    voteDigest: ballot.voteDigest,
    auditHead: trail.at(-1)?.hash ?? null,
    matters: matters.map((m) => ({ ...matterView(m), result: byMatter.get(m.id) ?? null })),
  };
}

/** The certified result, for staff of the community, once the ballot has closed. */
export async function ballotResults(
  deps: Pick<Deps, 'db'>,
  args: { staff: StaffClaims; communityId: string; ballotId: string },
) {
  assertCommunityAccess(args.staff, args.communityId);
  const ballot = await loadBallot(deps.db, args);
  if (ballot.status !== 'closed' && ballot.status !== 'published') {
    throw preconditionFailed(
      { zh: '表决截止后才有结果', en: 'The result exists once the ballot has closed' },
      { details: { reason: 'not_closed', status: ballot.status } },
    );
  }
  return certified(deps, ballot);
}

/**
 * The published result (公示): every figure, and one row per unit with its number, area and, for a
 * named ballot, the choice of its owner. Never names, phones or ID digits.
 */
export async function publicBallot(deps: Pick<Deps, 'db'>, ballotId: string) {
  const [ballot] = await deps.db.select().from(ballots).where(eq(ballots.id, ballotId));
  if (ballot?.status !== 'published') throw noSuchBallot();
  const [result, units, stored] = await Promise.all([
    certified(deps, ballot),
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
