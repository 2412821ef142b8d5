import {
  bigint,
  customType,
  date,
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

/** Raw bytes: postgres.js gives a Buffer, PGlite a Uint8Array. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

/** Per-community settings; a community without a row uses the defaults. */
export const communitySettings = pgTable('community_settings', {
  communityId: uuid('community_id').primaryKey(),
  /** Co-signing threshold in basis points of the owner keys (2000 = 20%). */
  cosignThresholdBp: integer('cosign_threshold_bp').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

/**
 * A proposal (议题). Authors are an owner key (`authorHolderKey`) or a staff id, never a name.
 * `cosignBase` and `cosignRequired` are fixed when it opens, so its threshold does not move
 * under the co-signers' feet when the roster changes.
 */
export const proposals = pgTable(
  'proposals',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    category: text('category').notNull(),
    item: integer('item'),
    status: text('status').notNull(),
    authorKind: text('author_kind', { enum: ['owner', 'staff'] }).notNull(),
    authorHolderKey: text('author_holder_key'),
    authorStaffId: uuid('author_staff_id'),
    cosignBase: integer('cosign_base'),
    cosignRequired: integer('cosign_required'),
    cosignCount: integer('cosign_count').notNull().default(0),
    thresholdReachedAt: instant('threshold_reached_at'),
    meetingId: uuid('meeting_id'),
    ballotId: uuid('ballot_id'),
    matterId: uuid('matter_id'),
    outcome: text('outcome', { enum: ['decided', 'not_decided'] }),
    decisionSource: text('decision_source', { enum: ['ballot', 'minutes'] }),
    /** The ballot certification the outcome comes from (a re-certification may change it). */
    decisionCertification: integer('decision_certification'),
    decidedAt: instant('decided_at'),
    decisionPublishedAt: instant('decision_published_at'),
    withdrawnReason: text('withdrawn_reason'),
    createdAt: instant('created_at').notNull(),
    openedAt: instant('opened_at'),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    index('proposals_community_idx').on(t.communityId, t.createdAt, t.id),
    index('proposals_matter_idx').on(t.matterId),
  ],
);

/** One co-signature (附议) per owner key and proposal; the key makes a second one impossible. */
export const cosignatures = pgTable(
  'cosignatures',
  {
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id),
    holderKey: text('holder_key').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.proposalId, t.holderKey] })],
);

/**
 * Comments and replies (one level: a reply's parent is a top-level comment). Moderation hides a
 * comment with a reason and who hid it; nothing is ever deleted.
 */
export const comments = pgTable(
  'comments',
  {
    id: uuid('id').primaryKey(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id),
    parentId: uuid('parent_id'),
    authorKind: text('author_kind', { enum: ['owner', 'staff'] }).notNull(),
    authorHolderKey: text('author_holder_key'),
    authorStaffId: uuid('author_staff_id'),
    body: text('body').notNull(),
    createdAt: instant('created_at').notNull(),
    hiddenAt: instant('hidden_at'),
    hiddenReason: text('hidden_reason'),
    hiddenBy: uuid('hidden_by'),
  },
  (t) => [index('comments_proposal_idx').on(t.proposalId, t.createdAt, t.id)],
);

/** Implementation updates after a decision (text; photos are attachments with `updateId`). */
export const implementationUpdates = pgTable(
  'implementation_updates',
  {
    id: uuid('id').primaryKey(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id),
    body: text('body').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [index('implementation_updates_proposal_idx').on(t.proposalId, t.createdAt, t.id)],
);

/** Files of a proposal (PDF, images) or photos of an implementation update. */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id),
    updateId: uuid('update_id').references(() => implementationUpdates.id),
    fileName: text('file_name').notNull(),
    /** The type found in the file's first bytes, never only the one the uploader declared. */
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [index('attachments_proposal_idx').on(t.proposalId, t.updateId, t.createdAt)],
);

/**
 * The fund ledger of a decided proposal: contributions and expenditures in integer fen (分),
 * append-only (a mistake is corrected by a further entry, as on a paper ledger).
 */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: uuid('id').primaryKey(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id),
    /** Order of entry within the proposal's ledger, from 1. */
    seq: integer('seq').notNull(),
    kind: text('kind', { enum: ['contribution', 'expenditure'] }).notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    description: text('description').notNull(),
    receiptRef: text('receipt_ref').notNull().default(''),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    // Two entries recorded at once cannot take the same place in the ledger.
    unique('ledger_entries_seq').on(t.proposalId, t.seq),
  ],
);

/** Ballot matters that take up a proposal, from `meetings.assembly.ballot_requested`. */
export const ballotMatters = pgTable(
  'ballot_matters',
  {
    matterId: uuid('matter_id').primaryKey(),
    ballotId: uuid('ballot_id').notNull(),
    meetingId: uuid('meeting_id').notNull(),
    proposalId: uuid('proposal_id').notNull(),
  },
  (t) => [index('ballot_matters_ballot_idx').on(t.ballotId)],
);

/**
 * What proposals know of each ballot from its events (opened, cancelled, certified, published),
 * kept whether or not a proposal is known to be in it yet: the meetings and ballots streams are
 * read by separate consumers, so a ballot's opening may arrive before the assembly's request that
 * maps its matters to proposals. Whichever comes second reconciles the two.
 */
export const ballotFacts = pgTable('ballot_facts', {
  ballotId: uuid('ballot_id').primaryKey(),
  communityId: uuid('community_id').notNull(),
  openedAt: instant('opened_at'),
  cancelledAt: instant('cancelled_at'),
  certification: integer('certification'),
  certifiedAt: instant('certified_at'),
  /** The certified outcome per matter. */
  matters: jsonb('matters').$type<{ matterId: string; passed: boolean }[]>(),
  publishedAt: instant('published_at'),
});
