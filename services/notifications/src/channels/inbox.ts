import type { NotificationsDb } from '../db/database.ts';
import { inboxMessages } from '../db/schema/index.ts';
import type { Channel } from './channel.ts';

/**
 * The owner's in-app inbox: writes the message where the owner's page reads it
 * (`GET /owners/inbox`). Keyed by the delivery, so a re-sent delivery is stored once.
 */
export function createInboxChannel(db: NotificationsDb, now: () => Date): Channel {
  return {
    name: 'inbox',
    async send(message) {
      await db
        .insert(inboxMessages)
        .values({
          deliveryId: message.deliveryId,
          communityId: message.communityId,
          holderKey: message.to,
          ballotId: message.ballotId,
          kind: message.kind,
          title: message.subject,
          body: message.text,
          createdAt: now(),
        })
        .onConflictDoNothing();
      return { ok: true, providerMessageId: message.deliveryId, response: { stored: true } };
    },
  };
}
