import type { TallyPolicy } from '@yishi/domain';
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
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export type BallotScope = { kind: 'estate' } | { kind: 'buildings'; buildingIds: string[] };

/** The election a candidate's question belongs to (选举业主委员会委员), the same on each candidate. */
export interface MatterElection {
  id: string;
  title: string;
  body: string;
  seats: number;
}

/**
 * A ballot and its lifecycle state. The state columns are what the domain's `ballot.evolve`
 * produces (see src/ballots/state.ts); they change only through `ballot.decide`.
 */
export const ballots = pgTable(
  'ballots',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    scope: jsonb('scope').$type<BallotScope>().notNull(),
    opensAt: instant('opens_at').notNull(),
    closesAt: instant('closes_at').notNull(),
    policy: jsonb('policy').$type<TallyPolicy>().notNull(),
    allowChange: boolean('allow_change').notNull(),
    publication: text('publication', { enum: ['named', 'secret'] }).notNull(),
    secondFactor: text('second_factor', { enum: ['none', 'phone_last4', 'id_last4'] }).notNull(),
    noticeGivenAt: instant('notice_given_at'),
    /**
     * Where the community's rules of procedure (议事规则) provide for deemed votes (从众): required
     * when the policy's `deemed` is `majority`.
     */
    rulesOfProcedureClause: text('rules_of_procedure_clause'),
    maxExtensionMonths: integer('max_extension_months'),
    status: text('status', {
      enum: ['draft', 'open', 'extended', 'closed', 'published', 'cancelled'],
    }).notNull(),
    originalClosesAt: instant('original_closes_at'),
    latestClosesAt: instant('latest_closes_at'),
    extensions: integer('extensions').notNull().default(0),
    openedAt: instant('opened_at'),
    closedAt: instant('closed_at'),
    publishedAt: instant('published_at'),
    publishedFrom: instant('published_from'),
    publishedUntil: instant('published_until'),
    cancelledAt: instant('cancelled_at'),
    cancelledFrom: text('cancelled_from', { enum: ['draft', 'open', 'extended'] }),
    cancelReason: text('cancel_reason'),
    /** SHA-256 (hex) of the electorate snapshot's canonical form, fixed at opening. */
    snapshotHash: text('snapshot_hash'),
    /** SHA-256 (hex) over every counted ballot, fixed at the close. */
    voteDigest: text('vote_digest'),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    index('ballots_community_idx').on(t.communityId, t.createdAt, t.id),
    index('ballots_due_idx').on(t.closesAt).where(sql`status in ('open', 'extended')`),
  ],
);

/** The matters of a ballot, each tallied on its own (RULES.md §5). Fixed once the ballot opens. */
export const ballotMatters = pgTable(
  'ballot_matters',
  {
    id: uuid('id').primaryKey(),
    ballotId: uuid('ballot_id')
      .notNull()
      .references(() => ballots.id),
    position: integer('position').notNull(),
    item: integer('item').notNull(),
    /** The question, or for a candidate of an election the candidate's name. */
    title: text('title').notNull(),
    body: text('body').notNull(),
    /**
     * Set on each candidate of an election: every candidate is a voted question of its own
     * (agree / oppose / abstain, one ballot per owner key), grouped by this election.
     */
    election: jsonb('election').$type<MatterElection>(),
  },
  (t) => [unique('ballot_matters_position_key').on(t.ballotId, t.position)],
);

/**
 * The electorate as it stood when the ballot opened: one row per unit in scope. Immutable: the
 * service has no update path, and a trigger refuses UPDATE and DELETE (drizzle/0001).
 */
export const electorateUnits = pgTable(
  'electorate_units',
  {
    ballotId: uuid('ballot_id')
      .notNull()
      .references(() => ballots.id),
    unitId: uuid('unit_id').notNull(),
    holderKey: text('holder_key').notNull(),
    buildingId: uuid('building_id').notNull(),
    building: text('building').notNull(),
    entrance: text('entrance').notNull(),
    room: text('room').notNull(),
    floor: integer('floor'),
    kind: text('kind').notNull(),
    area: text('area').notNull(),
    areaBasis: text('area_basis').notNull(),
    developerUnsold: boolean('developer_unsold').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ballotId, t.unitId] }),
    index('electorate_units_holder_idx').on(t.ballotId, t.holderKey),
  ],
);

/** One row per owner key of the snapshot: who may vote, and who the second factor belongs to. */
export const electorateHolders = pgTable(
  'electorate_holders',
  {
    ballotId: uuid('ballot_id')
      .notNull()
      .references(() => ballots.id),
    holderKey: text('holder_key').notNull(),
    memberIds: uuid('member_ids').array().notNull(),
    voterId: uuid('voter_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ballotId, t.holderKey] })],
);

/**
 * Voting credentials: one active per owner key and ballot. Nothing secret is stored: the link
 * token is the id and its HMAC under BALLOTS_LINK_SECRET (src/voting/link-token.ts).
 */
export const credentials = pgTable(
  'credentials',
  {
    id: uuid('id').primaryKey(),
    ballotId: uuid('ballot_id').notNull(),
    holderKey: text('holder_key').notNull(),
    issuedAt: instant('issued_at').notNull(),
    revokedAt: instant('revoked_at'),
    revokedBy: text('revoked_by'),
    revokeReason: text('revoke_reason'),
  },
  (t) => [
    index('credentials_holder_idx').on(t.ballotId, t.holderKey),
    uniqueIndex('credentials_active_key')
      .on(t.ballotId, t.holderKey)
      .where(sql`revoked_at is null`),
  ],
);

/** Failed second-factor attempts, for the throttle (5 per credential per 15 minutes). */
export const secondFactorFailures = pgTable(
  'second_factor_failures',
  {
    id: uuid('id').primaryKey(),
    credentialId: uuid('credential_id').notNull(),
    at: instant('at').notNull(),
  },
  (t) => [index('second_factor_failures_idx').on(t.credentialId, t.at)],
);

/** Named runtime secrets generated on first start when the env gives none (local runs). */
export const serviceSecrets = pgTable('service_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: instant('created_at').notNull(),
});

/**
 * Written owners' assemblies cancelled before their ballot was drafted here, by the ballot id
 * meetings fixed for them. Meetings' relay may publish a ballot request after the cancellation (a
 * row that failed once goes behind fresh ones); this row makes that late request draft nothing.
 */
export const assemblyCancellations = pgTable(
  'assembly_cancellations',
  {
    ballotId: uuid('ballot_id').notNull(),
    communityId: uuid('community_id').notNull(),
    meetingId: uuid('meeting_id').notNull(),
    reason: text('reason').notNull(),
    cancelledAt: instant('cancelled_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.ballotId] })],
);
