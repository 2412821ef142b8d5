import { createHash } from 'node:crypto';
import { type TallyResult, tally } from '@yishi/domain';
import { asc, eq, sql } from 'drizzle-orm';
import type { BallotsDb, BallotsTx } from '../db/database.ts';
import { type ballots, matterResults, servedNotices, votes } from '../db/schema/index.ts';
import { loadElectorate } from './electorate.ts';
import { loadMatters } from './load.ts';

type VoteRow = Pick<typeof votes.$inferSelect, 'holderKey' | 'matterId' | 'choice' | 'receiptHash'>;

/**
 * SHA-256 (hex) over every stored ballot: one JSON array [holder key, matter, choice, receipt
 * hash] per ballot, sorted, joined by newlines. Fixed in the audit log at the close, it covers the
 * web votes that are not chained one by one; flipping any stored ballot changes it.
 */
export function voteDigest(rows: readonly VoteRow[]): string {
  const lines = rows
    .map((v) => JSON.stringify([v.holderKey, v.matterId, v.choice, v.receiptHash]))
    .sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

export function loadVotes(db: BallotsDb | BallotsTx, ballotId: string) {
  return db
    .select({
      holderKey: votes.holderKey,
      matterId: votes.matterId,
      choice: votes.choice,
      receiptHash: votes.receiptHash,
      channel: votes.channel,
      proxyName: votes.proxyName,
    })
    .from(votes)
    .where(eq(votes.ballotId, ballotId));
}

/**
 * Tallies every matter of a ballot from its electorate snapshot and stored ballots: an owner's
 * choice applies to each of their units (RULES.md §3, `owner_ballot`). Pure over what it reads.
 */
export async function computeResults(
  db: BallotsDb | BallotsTx,
  ballot: typeof ballots.$inferSelect,
): Promise<{ results: { matterId: string; result: TallyResult }[]; digest: string }> {
  const [matters, units, stored, served] = await Promise.all([
    loadMatters(db, ballot.id),
    loadElectorate(db, ballot.id),
    loadVotes(db, ballot.id),
    servedHolderKeys(db, ballot.id),
  ]);
  const unitsByHolder = new Map<string, string[]>();
  for (const u of units) {
    const list = unitsByHolder.get(u.holderKey) ?? [];
    list.push(u.unitId);
    unitsByHolder.set(u.holderKey, list);
  }
  const tallyUnits = units.map((u) => ({
    unit: u.unitId,
    owner: u.holderKey,
    area: u.area,
    developerUnsold: u.developerUnsold,
    // Deemed votes (从众) count only owners whose notice was provably served.
    served: served.has(u.holderKey),
  }));
  const results = matters.map((matter) => {
    const ballotsOnMatter = stored.filter((v) => v.matterId === matter.id);
    const tallyVotes = ballotsOnMatter.flatMap((v) =>
      (unitsByHolder.get(v.holderKey) ?? []).map((unit) => ({
        unit,
        choice: v.choice,
        ...(v.proxyName ? { castBy: `proxy:${v.proxyName}` } : {}),
      })),
    );
    return {
      matterId: matter.id,
      result: tally({
        matter: matter.item,
        policy: ballot.policy,
        units: tallyUnits,
        votes: tallyVotes,
      }),
    };
  });
  return { results, digest: voteDigest(stored) };
}

/** The owner keys with at least one recorded served notice for this ballot. */
export async function servedHolderKeys(db: BallotsDb | BallotsTx, ballotId: string) {
  const rows = await db
    .selectDistinct({ holderKey: servedNotices.holderKey })
    .from(servedNotices)
    .where(eq(servedNotices.ballotId, ballotId));
  return new Set(rows.map((r) => r.holderKey));
}

/** Stores the latest certified results of a ballot, replacing those of an earlier version. */
export async function storeResults(
  tx: BallotsTx,
  ballotId: string,
  results: readonly { matterId: string; result: TallyResult }[],
  at: Date,
) {
  if (results.length === 0) return;
  await tx
    .insert(matterResults)
    .values(
      results.map((r) => ({
        ballotId,
        matterId: r.matterId,
        result: JSON.parse(JSON.stringify(r.result)) as Record<string, unknown>,
        computedAt: at,
      })),
    )
    .onConflictDoUpdate({
      target: matterResults.matterId,
      set: { result: sql`excluded.result`, computedAt: sql`excluded.computed_at` },
    });
}

export function loadResults(db: BallotsDb | BallotsTx, ballotId: string) {
  return db
    .select()
    .from(matterResults)
    .where(eq(matterResults.ballotId, ballotId))
    .orderBy(asc(matterResults.matterId));
}
