import { notFound } from '@yishi/errors';
import { and, desc, eq } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import { inboxMessages, votingLinks } from '../db/schema/index.ts';
import { tokenHash, tokenOf } from './link-token.ts';

const unknownLink = () =>
  notFound({
    zh: '链接无效或已更换，请使用最新收到的投票链接',
    en: 'This link is not valid or was replaced; use the latest voting link you received',
  });

/**
 * The in-app inbox of the owner key a voting link belongs to: every message sent to it in that
 * community, newest first. Only the current link opens it; it shows nothing about other owners.
 */
export async function ownerInbox(deps: Deps, link: string) {
  const token = tokenOf(link);
  if (!token) throw unknownLink();
  const [owner] = await deps.db
    .select({ communityId: votingLinks.communityId, holderKey: votingLinks.holderKey })
    .from(votingLinks)
    .where(eq(votingLinks.tokenHash, tokenHash(token)));
  if (!owner) throw unknownLink();
  const messages = await deps.db
    .select()
    .from(inboxMessages)
    .where(
      and(
        eq(inboxMessages.communityId, owner.communityId),
        eq(inboxMessages.holderKey, owner.holderKey),
      ),
    )
    .orderBy(desc(inboxMessages.createdAt))
    .limit(100);
  return {
    items: messages.map((m) => ({
      id: m.deliveryId,
      ballotId: m.ballotId,
      meetingId: m.meetingId,
      proposalId: m.proposalId,
      kind: m.kind,
      title: m.title,
      body: m.body,
      at: m.createdAt.toISOString(),
    })),
  };
}
