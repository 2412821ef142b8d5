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

export type VoteChoice = 'agree' | 'oppose' | 'abstain' | 'invalid';
export type VoteChannel = 'web' | 'paper' | 'proxy';

/**
 * One effective ballot per owner key per matter, whatever the channel (RULES.md §5). The unique
 * constraint is what makes a second ballot impossible under concurrent requests; a vote never
 * updates a shared row.
 */
export const votes = pgTable(
  'votes',
  {
    id: uuid('id').primaryKey(),
    ballotId: uuid('ballot_id').notNull(),
    matterId: uuid('matter_id').notNull(),
    holderKey: text('holder_key').notNull(),
    choice: text('choice', { enum: ['agree', 'oppose', 'abstain', 'invalid'] })
      .$type<VoteChoice>()
      .notNull(),
    channel: text('channel', { enum: ['web', 'paper', 'proxy'] })
      .$type<VoteChannel>()
      .notNull(),
    credentialId: uuid('credential_id'),
    /** SHA-256 (hex) of the receipt code shown to the owner; the code itself is not kept. */
    receiptHash: text('receipt_hash').notNull(),
    castAt: instant('cast_at').notNull(),
    /** Paper and proxy ballots: the staff member who entered it, the sheet or authorisation id. */
    enteredBy: text('entered_by'),
    reference: text('reference'),
    proxyName: text('proxy_name'),
    /** Paper and proxy ballots: when the sheet was collected (never after the close). */
    collectedAt: instant('collected_at'),
  },
  (t) => [
    unique('votes_one_per_owner_key').on(t.ballotId, t.matterId, t.holderKey),
    index('votes_receipt_idx').on(t.ballotId, t.receiptHash),
  ],
);

/** Earlier choices replaced by a change of vote (ballots that allow changing before the close). */
export const voteChanges = pgTable(
  'vote_changes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ballotId: uuid('ballot_id').notNull(),
    matterId: uuid('matter_id').notNull(),
    holderKey: text('holder_key').notNull(),
    previousChoice: text('previous_choice').$type<VoteChoice>().notNull(),
    previousChannel: text('previous_channel').$type<VoteChannel>().notNull(),
    previousReceiptHash: text('previous_receipt_hash').notNull(),
    previousCastAt: instant('previous_cast_at').notNull(),
    changedAt: instant('changed_at').notNull(),
  },
  (t) => [index('vote_changes_receipt_idx').on(t.ballotId, t.previousReceiptHash)],
);

/** What a paper or proxy ballot asked to record. */
export interface PaperSubmission {
  choices: { matterId: string; choice: VoteChoice }[];
  channel: 'paper' | 'proxy';
  reference: string;
  proxyName: string | null;
  enteredBy: string;
  enteredAt: string;
  /** When the sheet was collected; absent on conflicts recorded before this was kept. */
  collectedAt?: string;
}

/**
 * A paper or proxy ballot for an owner key that had already voted: never applied silently; a
 * person resolves it by keeping the existing ballot or the paper one.
 */
export const voteConflicts = pgTable(
  'vote_conflicts',
  {
    id: uuid('id').primaryKey(),
    ballotId: uuid('ballot_id').notNull(),
    holderKey: text('holder_key').notNull(),
    submission: jsonb('submission').$type<PaperSubmission>().notNull(),
    createdAt: instant('created_at').notNull(),
    status: text('status', { enum: ['open', 'resolved'] }).notNull(),
    keep: text('keep', { enum: ['existing', 'paper'] }),
    reason: text('reason'),
    resolvedBy: text('resolved_by'),
    resolvedAt: instant('resolved_at'),
  },
  (t) => [index('vote_conflicts_ballot_idx').on(t.ballotId, t.status)],
);

/** The certified result of one matter: the whole output of `tally`, stored at the close. */
export const matterResults = pgTable(
  'matter_results',
  {
    ballotId: uuid('ballot_id').notNull(),
    matterId: uuid('matter_id').primaryKey(),
    result: jsonb('result').$type<Record<string, unknown>>().notNull(),
    computedAt: instant('computed_at').notNull(),
  },
  (t) => [index('matter_results_ballot_idx').on(t.ballotId)],
);

/** Why a ballot's result was certified (again). */
export const certificationCauses = [
  'close',
  'paper_vote',
  'conflict_resolved',
  'served_notices',
] as const;
export type CertificationCause = (typeof certificationCauses)[number];

/**
 * Every certification of a ballot's result, versioned: the first at the close, a new one for each
 * change allowed after it and before publication (a paper ballot collected before the close, a
 * conflict resolved, served notices under `deemed: majority`). Append-only (drizzle/0006);
 * `matter_results` holds the figures of the latest.
 */
export const certifications = pgTable(
  'certifications',
  {
    ballotId: uuid('ballot_id').notNull(),
    version: integer('version').notNull(),
    certifiedAt: instant('certified_at').notNull(),
    cause: text('cause', { enum: certificationCauses }).notNull(),
    certifiedBy: text('certified_by').notNull(),
    voteDigest: text('vote_digest').notNull(),
    unresolvedConflicts: integer('unresolved_conflicts').notNull(),
    results: jsonb('results')
      .$type<{ matterId: string; result: Record<string, unknown> }[]>()
      .notNull(),
    /** What changed since the previous version: the act, and the figures of each matter moved. */
    changes: jsonb('changes').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.ballotId, t.version] })],
);
