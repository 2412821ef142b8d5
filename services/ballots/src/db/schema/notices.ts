import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const serviceMethods = [
  'sms_delivered',
  'registered_letter',
  'handed_over',
  'posted_with_photo',
] as const;
export type ServiceMethod = (typeof serviceMethods)[number];

/**
 * Proof that a ballot's notice was served (送达) on an owner key: how, when, and a reference to the
 * evidence (the SMS delivery receipt, the registered letter's number, the signed receipt, the
 * photo). Under `deemed: majority` (从众) only owners with one are deemed. Recording the same proof
 * again changes nothing (the unique index).
 */
export const servedNotices = pgTable(
  'served_notices',
  {
    id: uuid('id').primaryKey(),
    ballotId: uuid('ballot_id').notNull(),
    holderKey: text('holder_key').notNull(),
    method: text('method', { enum: serviceMethods }).notNull(),
    servedAt: instant('served_at').notNull(),
    reference: text('reference').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    uniqueIndex('served_notices_proof_key').on(t.ballotId, t.holderKey, t.method, t.reference),
    index('served_notices_ballot_idx').on(t.ballotId, t.holderKey),
  ],
);
