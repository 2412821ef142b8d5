import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const outreachOutcomes = [
  'visited',
  'not_home',
  'refused',
  'will_vote_online',
  'paper_collected',
] as const;
export type OutreachOutcome = (typeof outreachOutcomes)[number];

/**
 * Door-to-door visits by grid workers and the committee to owners who have not voted: append-only,
 * one row per visit. The note is short and free text; the UI asks for no personal data in it.
 */
export const outreachLog = pgTable(
  'outreach_log',
  {
    id: uuid('id').primaryKey(),
    ballotId: uuid('ballot_id').notNull(),
    holderKey: text('holder_key').notNull(),
    outcome: text('outcome', { enum: outreachOutcomes }).notNull(),
    note: text('note'),
    staffId: text('staff_id').notNull(),
    at: instant('at').notNull(),
  },
  (t) => [index('outreach_log_holder_idx').on(t.ballotId, t.holderKey, t.at)],
);

/**
 * The matters whose participation quorum was reached, one row each: the primary key is what makes
 * `ballots.quorum.reached` go out exactly once, also when several replicas notice it at once.
 */
export const quorumsReached = pgTable(
  'quorum_reached',
  {
    ballotId: uuid('ballot_id').notNull(),
    matterId: uuid('matter_id').notNull(),
    reachedAt: instant('reached_at').notNull(),
    eventId: uuid('event_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ballotId, t.matterId] })],
);
