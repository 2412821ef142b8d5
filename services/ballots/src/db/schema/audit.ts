import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The append-only, hash-chained audit log of a ballot's low-frequency acts. Each entry's hash
 * covers its content and the previous entry's hash (src/audit/chain.ts). Individual web votes are
 * not chained (that would be one hot row); the vote digest in the `closed` entry covers them.
 */
export const auditEntries = pgTable(
  'audit_entries',
  {
    ballotId: uuid('ballot_id').notNull(),
    seq: integer('seq').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ballotId, t.seq] })],
);
