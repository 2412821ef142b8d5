import { sql } from 'drizzle-orm';
import {
  boolean,
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

export const messageKinds = [
  'ballot_opened',
  'link_reissued',
  'reminder',
  'results_published',
  'quorum_reached',
  'quorum_at_risk',
  'progress_summary',
  'meeting_notice',
  'meeting_cancelled',
  'minutes_published',
  'proposal_threshold_staff',
  'proposal_threshold_owners',
  'proposal_decided',
] as const;
export type MessageKind = (typeof messageKinds)[number];

/** `none`: a staff member no channel reaches; the row (status `unreachable`) lists them. */
export const media = ['sms', 'email', 'wechat', 'inbox', 'letter', 'none'] as const;
export type Medium = (typeof media)[number];

export const deliveryStatuses = [
  'queued',
  'sent',
  'failed',
  'dead',
  'skipped',
  'to_print',
  'unreachable',
] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/**
 * One message to one recipient on one medium. Written by the consumer in the transaction that
 * records the event as processed; `(source_id, recipient, medium)` is unique, so a redelivered
 * event (or a second replica) never plans a second message. The dispatcher claims `queued` rows
 * whose `next_attempt_at` has come (`FOR UPDATE SKIP LOCKED`) and pushes `next_attempt_at` a lease
 * ahead while it sends, so a crashed dispatcher's rows come back after the lease.
 *
 * `params` hold what the template needs, including the personal link: a bearer secret, never
 * returned by the API.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: uuid('id').primaryKey(),
    /** The event id, or the reminder round's id. */
    sourceId: uuid('source_id').notNull(),
    communityId: uuid('community_id').notNull(),
    ballotId: uuid('ballot_id'),
    /** The meeting a notice, cancellation or minutes message is about. */
    meetingId: uuid('meeting_id'),
    /** The proposal a threshold or decision message is about. */
    proposalId: uuid('proposal_id'),
    kind: text('kind', { enum: messageKinds }).notNull(),
    /** An owner id; the owner key for `inbox` and `letter`. */
    recipient: text('recipient').notNull(),
    holderKey: text('holder_key'),
    medium: text('medium', { enum: media }).notNull(),
    /** Phone, e-mail or WeChat openid; null for `inbox` and `letter`. */
    address: text('address'),
    locale: text('locale', { enum: ['zh-CN', 'en'] }).notNull(),
    urgent: boolean('urgent').notNull().default(false),
    params: jsonb('params').$type<Record<string, string>>().notNull(),
    status: text('status', { enum: deliveryStatuses }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull(),
    lastError: text('last_error'),
    provider: text('provider'),
    providerResponse: jsonb('provider_response'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
    sentAt: instant('sent_at'),
  },
  (t) => [
    unique('deliveries_source_recipient_medium_key').on(t.sourceId, t.recipient, t.medium),
    index('deliveries_due_idx').on(t.nextAttemptAt).where(sql`status = 'queued'`),
    index('deliveries_community_idx').on(t.communityId, t.status, t.createdAt),
    index('deliveries_ballot_idx').on(t.ballotId, t.medium),
    index('deliveries_meeting_idx').on(t.meetingId, t.medium),
  ],
);

/** The owner's in-app inbox: one row per `inbox` delivery, keyed by it (written once). */
export const inboxMessages = pgTable(
  'inbox_messages',
  {
    deliveryId: uuid('delivery_id').primaryKey(),
    communityId: uuid('community_id').notNull(),
    holderKey: text('holder_key').notNull(),
    ballotId: uuid('ballot_id'),
    meetingId: uuid('meeting_id'),
    proposalId: uuid('proposal_id'),
    kind: text('kind', { enum: messageKinds }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [index('inbox_holder_idx').on(t.communityId, t.holderKey, t.createdAt)],
);

/** Reminder rounds sent per ballot: automatic ones once per offset and close time, manual ones each. */
export const reminderRounds = pgTable(
  'reminder_rounds',
  {
    ballotId: uuid('ballot_id').notNull(),
    /** `auto:72h:<closesAt>`, `manual:<id>`. */
    round: text('round').notNull(),
    sourceId: uuid('source_id').notNull(),
    recipients: integer('recipients').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ballotId, t.round] })],
);
