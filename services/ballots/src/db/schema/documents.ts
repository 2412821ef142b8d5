import { customType, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ballots } from './ballots.ts';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Raw bytes: postgres.js gives a Buffer, PGlite a Uint8Array. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

/**
 * Files attached to a matter (PDF, images) for owners to read before they vote. Added and removed
 * only while the ballot is a draft; their SHA-256 are recorded in the audit entry at opening, so
 * what owners read can be checked against what was opened.
 */
export const matterAttachments = pgTable(
  'matter_attachments',
  {
    id: uuid('id').primaryKey(),
    ballotId: uuid('ballot_id')
      .notNull()
      .references(() => ballots.id),
    // No foreign key: a draft's matters are replaced on every edit, and the attachments carried
    // to the new matter at the same position (src/ballots/attachments.ts).
    matterId: uuid('matter_id').notNull(),
    fileName: text('file_name').notNull(),
    /** The type found in the file's first bytes, never only the one the uploader declared. */
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [index('matter_attachments_matter_idx').on(t.matterId, t.createdAt, t.id)],
);

/**
 * Objections to a published result (公示), from anyone with the public page, for the committee.
 * The sender's address is kept only as a keyed hash, for the rate limit.
 */
export const objections = pgTable(
  'objections',
  {
    id: uuid('id').primaryKey(),
    ballotId: uuid('ballot_id')
      .notNull()
      .references(() => ballots.id),
    text: text('text').notNull(),
    unit: text('unit'),
    contact: text('contact'),
    /** SHA-256 of the objection's canonical content, also recorded in the audit log. */
    sha256: text('sha256').notNull(),
    senderHash: text('sender_hash').notNull(),
    receivedAt: instant('received_at').notNull(),
  },
  (t) => [
    index('objections_ballot_idx').on(t.ballotId, t.receivedAt, t.id),
    index('objections_sender_idx').on(t.senderHash, t.receivedAt),
  ],
);
