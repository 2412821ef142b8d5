import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Events waiting to be published, written in the same transaction as the state change
 * (see `enqueue`). The relay takes them by `attempts`, then `seq`: in commit order, except
 * that rows which failed go behind fresh ones. `id` is the event id and the JetStream msgID.
 */
export const outbox = pgTable(
  'outbox',
  {
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    id: uuid('id').primaryKey(),
    type: text('type').notNull(),
    version: integer('version').notNull(),
    subject: text('subject').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    communityId: text('community_id').notNull(),
    payload: jsonb('payload').notNull(),
    occurredAt: instant('occurred_at').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    publishedAt: instant('published_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [index('outbox_unpublished_idx').on(t.attempts, t.seq).where(sql`published_at is null`)],
);

/** The events each durable consumer has processed, written in the transaction of its effect. */
export const inbox = pgTable(
  'inbox',
  {
    consumer: text('consumer').notNull(),
    eventId: uuid('event_id').notNull(),
    processedAt: instant('processed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.consumer, t.eventId] })],
);

/** Messages a consumer terminated because they can never be processed, kept for people to look at. */
export const deadLetters = pgTable(
  'dead_letters',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    consumer: text('consumer').notNull(),
    stream: text('stream').notNull(),
    streamSeq: bigint('stream_seq', { mode: 'number' }).notNull(),
    /** Null when the message was not even a readable envelope. */
    eventId: uuid('event_id'),
    subject: text('subject').notNull(),
    deliveryCount: integer('delivery_count').notNull(),
    reason: text('reason').notNull(),
    /** The message body as received, which may not be JSON. */
    data: text('data').notNull(),
    at: instant('at').notNull().defaultNow(),
  },
  // A crash between recording and terminating redelivers the message; record it once.
  (t) => [unique('dead_letters_message_key').on(t.consumer, t.stream, t.streamSeq)],
);

/** The bus tables, to spread into a service's drizzle schema. */
export const busSchema = { outbox, inbox, deadLetters };
