import type { credentialIssued, EventOf } from '@yishi/contracts';
import { and, eq, sql } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import type { NotificationsTx } from '../db/database.ts';
import { ballots, votingLinks } from '../db/schema/index.ts';
import { communityName } from './community-name.ts';
import { tokenHash, tokenOf } from './link-token.ts';
import { planDeliveries } from './plan.ts';

/**
 * A credential was issued: keep the owner key's current link, and send it. The first link of an
 * owner key is the ballot-opened message; a later one (re-issued) says the old link is void. An
 * older event arriving after a newer one changes nothing; a ballot that is no longer open (a
 * replay of old events) sends nothing.
 */
export async function announceLink(
  tx: NotificationsTx,
  deps: Pick<Deps, 'channels' | 'config' | 'newId' | 'now'>,
  event: EventOf<typeof credentialIssued>,
): Promise<void> {
  const p = event.payload;
  const issuedAt = new Date(event.occurredAt);
  await tx
    .insert(ballots)
    .values({
      ballotId: p.ballotId,
      communityId: p.communityId,
      status: 'open',
      opensAt: new Date(p.opensAt),
      closesAt: new Date(p.closesAt),
      updatedAt: issuedAt,
    })
    .onConflictDoNothing();
  const token = tokenOf(p.linkUrl);
  if (!token) throw new Error('credential.issued carries a link without a token');
  const values = {
    communityId: p.communityId,
    voterId: p.voterId,
    memberIds: p.memberIds,
    linkUrl: p.linkUrl,
    tokenHash: tokenHash(token),
    issuedAt,
  };
  // `xmax <> 0` tells an update from an insert: the owner key had a link before (a re-issue).
  const [written] = await tx
    .insert(votingLinks)
    .values({ ballotId: p.ballotId, holderKey: p.holderKey, ...values })
    .onConflictDoUpdate({
      target: [votingLinks.ballotId, votingLinks.holderKey],
      set: values,
      setWhere: sql`excluded.issued_at >= ${votingLinks.issuedAt}`,
    })
    .returning({ reissued: sql<boolean>`xmax <> 0` });
  if (!written) return;
  const [ballot] = await tx
    .select({ status: ballots.status, closesAt: ballots.closesAt })
    .from(ballots)
    .where(and(eq(ballots.ballotId, p.ballotId)));
  if (!ballot || !['open', 'extended'].includes(ballot.status)) return;
  if (ballot.closesAt.getTime() <= deps.now().getTime()) return;
  const community = await communityName(tx, p.communityId);
  await planDeliveries(
    tx,
    deps,
    {
      sourceId: event.id,
      communityId: p.communityId,
      ballotId: p.ballotId,
      kind: written.reissued ? 'link_reissued' : 'ballot_opened',
      urgent: false,
      to: 'voter',
      letters: true,
      params: () => ({
        ...(community ? { community } : {}),
        link: p.linkUrl,
        closesAt: ballot.closesAt.toISOString(),
      }),
    },
    [{ holderKey: p.holderKey, voterId: p.voterId, memberIds: p.memberIds }],
  );
}
