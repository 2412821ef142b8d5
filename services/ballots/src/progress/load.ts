import { preconditionFailed } from '@yishi/errors';
import { eq } from 'drizzle-orm';
import { loadMatters } from '../ballots/load.ts';
import type { BallotsDb } from '../db/database.ts';
import { type ballots, electorateUnits, quorumsReached, votes } from '../db/schema/index.ts';
import type { ProgressSnapshot, StoredChoice } from './compute.ts';

type BallotRow = typeof ballots.$inferSelect;

/** Progress exists once a ballot has opened: before that there is no electorate. */
export function assertOpened(ballot: Pick<BallotRow, 'openedAt' | 'status'>): void {
  if (ballot.openedAt === null) {
    throw preconditionFailed(
      { zh: '表决尚未开始，暂无进度', en: 'The ballot has not opened yet; there is no progress' },
      { details: { reason: 'ballot_not_opened', status: ballot.status } },
    );
  }
}

/** The electorate and matters of an opened ballot: immutable, so read once per replica. */
export async function loadSnapshot(db: BallotsDb, ballot: BallotRow): Promise<ProgressSnapshot> {
  const [matters, units] = await Promise.all([
    loadMatters(db, ballot.id),
    db
      .select({
        unitId: electorateUnits.unitId,
        holderKey: electorateUnits.holderKey,
        buildingId: electorateUnits.buildingId,
        building: electorateUnits.building,
        area: electorateUnits.area,
        developerUnsold: electorateUnits.developerUnsold,
      })
      .from(electorateUnits)
      .where(eq(electorateUnits.ballotId, ballot.id)),
  ]);
  return {
    ballotId: ballot.id,
    communityId: ballot.communityId,
    policy: ballot.policy,
    matters: matters.map((m) => ({ id: m.id, item: m.item, title: m.title })),
    units,
  };
}

/**
 * Every stored choice of a ballot: one range of the votes' unique index (ballot, matter, owner
 * key), read at most once a second per ballot, in the progress thread.
 */
export function loadChoices(db: BallotsDb, ballotId: string): Promise<StoredChoice[]> {
  return db
    .select({ matterId: votes.matterId, holderKey: votes.holderKey, choice: votes.choice })
    .from(votes)
    .where(eq(votes.ballotId, ballotId));
}

export async function loadReachedMatters(db: BallotsDb, ballotId: string): Promise<Set<string>> {
  const rows = await db
    .select({ matterId: quorumsReached.matterId })
    .from(quorumsReached)
    .where(eq(quorumsReached.ballotId, ballotId));
  return new Set(rows.map((r) => r.matterId));
}
