import { transactionLock } from '@yishi/db';
import { notFound } from '@yishi/errors';
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { BallotsDb, BallotsTx } from '../db/database.ts';
import { ballotMatters, ballots } from '../db/schema/index.ts';

const noSuchBallot = () => notFound({ zh: '未找到该表决', en: 'No such ballot' });

/**
 * A community's ballot, optionally locked `for update` with the exclusive lifecycle lock that web
 * votes take shared (src/voting/cast-vote.ts): a close waits for votes in flight and no vote
 * commits after it.
 */
export async function loadBallot(
  db: BallotsDb | BallotsTx,
  where: { communityId: string; ballotId: string },
  lock: 'none' | 'exclusive' = 'none',
) {
  const query = db
    .select()
    .from(ballots)
    .where(and(eq(ballots.id, where.ballotId), eq(ballots.communityId, where.communityId)));
  const [row] = lock === 'exclusive' ? await query.for('update') : await query;
  if (!row) throw noSuchBallot();
  if (lock === 'exclusive') await db.execute(sql`select ${lifecycleLock(row.id, 'exclusive')}`);
  return row;
}

/** The advisory lock between lifecycle changes (exclusive) and votes (shared) of one ballot. */
export function lifecycleLock(ballotId: string | SQL, mode: 'shared' | 'exclusive') {
  return transactionLock(ballotId, mode);
}

export function loadMatters(db: BallotsDb | BallotsTx, ballotId: string) {
  return db
    .select()
    .from(ballotMatters)
    .where(eq(ballotMatters.ballotId, ballotId))
    .orderBy(asc(ballotMatters.position));
}

export { noSuchBallot };
