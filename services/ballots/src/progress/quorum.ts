import { enqueue } from '@yishi/bus';
import { quorumReached } from '@yishi/contracts';
import type { Deps } from '../context.ts';
import { quorumsReached } from '../db/schema/index.ts';
import type { MatterProgress, ProgressSnapshot } from './compute.ts';

/**
 * Records that a matter reached its quorum and writes `ballots.quorum.reached` to the outbox in
 * the same transaction. The (ballot, matter) primary key makes it happen once, whichever replica
 * notices first and however often it is noticed again. Answers whether this call recorded it.
 */
export async function recordQuorumReached(
  deps: Pick<Deps, 'db' | 'now' | 'newId'>,
  snapshot: Pick<ProgressSnapshot, 'ballotId' | 'communityId'>,
  matter: MatterProgress,
): Promise<boolean> {
  const reachedAt = deps.now();
  const eventId = deps.newId();
  return deps.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(quorumsReached)
      .values({ ballotId: snapshot.ballotId, matterId: matter.matterId, reachedAt, eventId })
      .onConflictDoNothing()
      .returning({ matterId: quorumsReached.matterId });
    if (inserted.length === 0) return false;
    await enqueue(
      tx,
      quorumReached,
      {
        id: eventId,
        occurredAt: reachedAt,
        communityId: snapshot.communityId,
        aggregateId: snapshot.ballotId,
        payload: {
          ballotId: snapshot.ballotId,
          matterId: matter.matterId,
          item: matter.item,
          reachedAt: reachedAt.toISOString(),
          total: matter.total,
          participating: matter.participating,
        },
      },
      deps,
    );
    return true;
  });
}
