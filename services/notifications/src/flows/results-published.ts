import type { EventOf, resultPublished } from '@yishi/contracts';
import { eq } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import type { NotificationsTx } from '../db/database.ts';
import { ballots, votingLinks } from '../db/schema/index.ts';
import { communityName } from './community-name.ts';
import { planDeliveries } from './plan.ts';

/** The public page of a ballot's result (公示), on the web. */
export const resultLinkOf = (webBaseUrl: string, ballotId: string) =>
  `${webBaseUrl.replace(/\/$/, '')}/r/${ballotId}`;

/** The result is published (公示): every reachable owner in the ballot's scope is told, with the public link. */
export async function announceResults(
  tx: NotificationsTx,
  deps: Pick<Deps, 'channels' | 'config' | 'newId' | 'now'>,
  event: EventOf<typeof resultPublished>,
): Promise<void> {
  const p = event.payload;
  await tx
    .update(ballots)
    .set({
      status: 'published',
      publishedFrom: new Date(p.from),
      publishedUntil: new Date(p.until),
      updatedAt: new Date(event.occurredAt),
    })
    .where(eq(ballots.ballotId, p.ballotId));
  const holders = await tx
    .select({
      holderKey: votingLinks.holderKey,
      voterId: votingLinks.voterId,
      memberIds: votingLinks.memberIds,
    })
    .from(votingLinks)
    .where(eq(votingLinks.ballotId, p.ballotId));
  const community = await communityName(tx, event.communityId);
  const resultLink = resultLinkOf(deps.config.webBaseUrl, p.ballotId);
  await planDeliveries(
    tx,
    deps,
    {
      sourceId: event.id,
      communityId: event.communityId,
      ballotId: p.ballotId,
      kind: 'results_published',
      urgent: false,
      to: 'members',
      letters: false,
      params: () => ({ ...(community ? { community } : {}), resultLink, publishedUntil: p.until }),
    },
    holders,
  );
}
