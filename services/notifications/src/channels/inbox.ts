import { insertColumns } from '@yishi/db';
import { sql } from 'drizzle-orm';
import type { NotificationsDb } from '../db/database.ts';
import type { Channel, ChannelResult, OutgoingMessage } from './channel.ts';

const inboxColumns = [
  ['delivery_id', 'uuid'],
  ['community_id', 'uuid'],
  ['holder_key', 'text'],
  ['ballot_id', 'uuid'],
  ['meeting_id', 'uuid'],
  ['proposal_id', 'uuid'],
  ['kind', 'text'],
  ['title', 'text'],
  ['body', 'text'],
  ['created_at', 'timestamptz'],
] as const;

/**
 * The owner's in-app inbox: writes the message where the owner's page reads it
 * (`GET /owners/inbox`). Keyed by the delivery, so a re-sent delivery is stored once. A batch is
 * one multi-row insert.
 */
export function createInboxChannel(db: NotificationsDb, now: () => Date): Channel {
  const sendBatch = async (messages: readonly OutgoingMessage[]): Promise<ChannelResult[]> => {
    if (messages.length === 0) return [];
    const at = now().toISOString();
    const rows = messages.map((m) => [
      m.deliveryId,
      m.communityId,
      m.to,
      m.ballotId,
      m.meetingId ?? null,
      m.proposalId ?? null,
      m.kind,
      m.subject,
      m.text,
      at,
    ]);
    await db.execute(
      sql`${insertColumns('inbox_messages', inboxColumns, rows)} on conflict do nothing`,
    );
    return messages.map((m) => ({
      ok: true,
      providerMessageId: m.deliveryId,
      response: { stored: true },
    }));
  };
  return {
    name: 'inbox',
    sendBatch,
    async send(message) {
      const [result] = await sendBatch([message]);
      return result!;
    },
  };
}
