import { enqueue } from '@yishi/bus';
import { resultCertified } from '@yishi/contracts';
import type { TallyResult } from '@yishi/domain';
import { and, count, desc, eq } from 'drizzle-orm';
import { appendAudit } from '../audit/audit-log.ts';
import type { Deps } from '../context.ts';
import type { BallotsDb, BallotsTx } from '../db/database.ts';
import {
  type ballots,
  ballots as ballotsTable,
  type CertificationCause,
  certifications,
  voteConflicts,
} from '../db/schema/index.ts';
import { computeResults, storeResults } from './results.ts';

type BallotRow = typeof ballots.$inferSelect;
type Stored = { matterId: string; result: Record<string, unknown> };

/** The figures a re-certification reports as changed, per matter. */
const watched = [
  'participatingArea',
  'participatingHeadcount',
  'agreeArea',
  'agreeHeadcount',
  'passed',
] as const;
const headline = (r: Record<string, unknown>) => ({
  ...Object.fromEntries(watched.map((k) => [k, r[k]])),
  deemed: r.deemed,
  voted: r.voted,
});

/** Each matter whose headline figures differ between two certifications: before and after. */
function changedMatters(before: readonly Stored[], after: readonly Stored[]) {
  const previous = new Map(before.map((r) => [r.matterId, r.result]));
  return after.flatMap(({ matterId, result }) => {
    const old = previous.get(matterId);
    const was = old ? headline(old) : null;
    const now = headline(result);
    return JSON.stringify(was) === JSON.stringify(now)
      ? []
      : [{ matterId, before: was, after: now }];
  });
}

export function latestCertification(db: BallotsDb | BallotsTx, ballotId: string) {
  return db
    .select()
    .from(certifications)
    .where(eq(certifications.ballotId, ballotId))
    .orderBy(desc(certifications.version))
    .limit(1)
    .then((rows) => rows[0]);
}

export async function openConflicts(db: BallotsDb | BallotsTx, ballotId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(voteConflicts)
    .where(and(eq(voteConflicts.ballotId, ballotId), eq(voteConflicts.status, 'open')));
  return row?.n ?? 0;
}

/**
 * Computes the result of every matter with `tally` from what is stored now and records it as the
 * next certification of the ballot (1 at the close): the figures, the vote digest, the conflicts
 * still open, and what changed since the previous one. `matter_results` then holds these figures.
 * Runs in the caller's transaction, which holds the ballot's exclusive lifecycle lock.
 */
export async function certify(
  tx: BallotsTx,
  ballot: BallotRow,
  args: { at: Date; actor: string; cause: CertificationCause; act?: Record<string, unknown> },
) {
  const { results, digest } = await computeResults(tx, ballot);
  const previous = await latestCertification(tx, ballot.id);
  const version = (previous?.version ?? 0) + 1;
  const stored: Stored[] = results.map((r) => ({
    matterId: r.matterId,
    result: JSON.parse(JSON.stringify(r.result)) as Record<string, unknown>,
  }));
  const unresolvedConflicts = await openConflicts(tx, ballot.id);
  const changes = {
    ...(args.act ? { act: args.act } : {}),
    voteDigest: previous ? { before: previous.voteDigest, after: digest } : undefined,
    matters: previous ? changedMatters(previous.results, stored) : [],
  };
  await tx.insert(certifications).values({
    ballotId: ballot.id,
    version,
    certifiedAt: args.at,
    cause: args.cause,
    certifiedBy: args.actor,
    voteDigest: digest,
    unresolvedConflicts,
    results: stored,
    changes: JSON.parse(JSON.stringify(changes)) as Record<string, unknown>,
  });
  await storeResults(tx, ballot.id, results, args.at);
  return { version, digest, results, unresolvedConflicts, changes, summary: summaryOf(results) };
}

export function summaryOf(results: readonly { matterId: string; result: TallyResult }[]) {
  return results.map((r) => ({
    matterId: r.matterId,
    item: r.result.matter,
    passed: r.result.passed,
    quorumMet: r.result.quorumMet,
    approvalMet: r.result.approvalMet,
  }));
}

/**
 * Certifies a closed ballot's result again after a change allowed between the close and the
 * publication, in the audit chain and through the outbox, and moves the ballot's vote digest to it.
 */
export async function recertify(
  tx: BallotsTx,
  deps: Pick<Deps, 'now' | 'newId'>,
  ballot: BallotRow,
  args: { at: Date; actor: string; cause: CertificationCause; act: Record<string, unknown> },
) {
  const c = await certify(tx, ballot, args);
  await tx
    .update(ballotsTable)
    .set({ voteDigest: c.digest, updatedAt: args.at })
    .where(eq(ballotsTable.id, ballot.id));
  await appendAudit(tx, {
    ballotId: ballot.id,
    at: args.at,
    actor: args.actor,
    action: 'result.recertified',
    details: {
      certification: c.version,
      cause: args.cause,
      voteDigest: c.digest,
      unresolvedConflicts: c.unresolvedConflicts,
      changes: c.changes,
      results: c.summary,
    },
  });
  await enqueue(
    tx,
    resultCertified,
    {
      communityId: ballot.communityId,
      aggregateId: ballot.id,
      payload: {
        ballotId: ballot.id,
        snapshotHash: ballot.snapshotHash ?? '',
        voteDigest: c.digest,
        certification: c.version,
        matters: c.summary,
      },
    },
    deps,
  );
  return c;
}
