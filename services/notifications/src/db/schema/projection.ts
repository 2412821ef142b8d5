import { sql } from 'drizzle-orm';
import {
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Communities by name, for the greeting of every message (directory.community.registered). */
export const communities = pgTable('communities', {
  communityId: uuid('community_id').primaryKey(),
  name: text('name').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

/**
 * Owner contacts from directory.owner.recorded. Personal data: this service and the directory
 * are the only places that keep names and phones (ARCHITECTURE.md, Security).
 */
export const owners = pgTable(
  'owners',
  {
    ownerId: uuid('owner_id').primaryKey(),
    communityId: uuid('community_id').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    phone: text('phone'),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('owners_community_idx').on(t.communityId)],
);

/** Channels and language an owner chose, entered by the committee; absent means the defaults. */
export const ownerPreferences = pgTable('owner_preferences', {
  ownerId: uuid('owner_id').primaryKey(),
  communityId: uuid('community_id').notNull(),
  preferredChannel: text('preferred_channel', { enum: ['sms', 'email', 'wechat', 'letter'] }),
  email: text('email'),
  wechatOpenId: text('wechat_open_id'),
  locale: text('locale', { enum: ['zh-CN', 'en'] })
    .notNull()
    .default('zh-CN'),
  updatedAt: instant('updated_at').notNull(),
});

/** Units, for the address on printed letters (directory.unit.recorded). */
export const units = pgTable(
  'units',
  {
    unitId: uuid('unit_id').primaryKey(),
    communityId: uuid('community_id').notNull(),
    buildingId: uuid('building_id').notNull(),
    building: text('building').notNull(),
    entrance: text('entrance').notNull(),
    room: text('room').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('units_community_idx').on(t.communityId)],
);

/** Each unit's current holder (directory.ownership.changed). */
export const holdings = pgTable(
  'holdings',
  {
    unitId: uuid('unit_id').primaryKey(),
    communityId: uuid('community_id').notNull(),
    holderKey: text('holder_key').notNull(),
    memberIds: uuid('member_ids').array().notNull(),
    voterId: uuid('voter_id').notNull(),
    since: instant('since').notNull(),
  },
  (t) => [index('holdings_holder_idx').on(t.communityId, t.holderKey)],
);

/** Ballot windows and states from the ballots events. */
export const ballots = pgTable(
  'ballots',
  {
    ballotId: uuid('ballot_id').primaryKey(),
    communityId: uuid('community_id').notNull(),
    status: text('status', {
      enum: ['open', 'extended', 'closed', 'published', 'cancelled'],
    }).notNull(),
    opensAt: instant('opens_at').notNull(),
    closesAt: instant('closes_at').notNull(),
    publishedFrom: instant('published_from'),
    publishedUntil: instant('published_until'),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('ballots_open_idx').on(t.closesAt).where(sql`status in ('open', 'extended')`)],
);

/**
 * The current voting link of each owner key (ballots.credential.issued). `linkUrl` is a bearer
 * secret; `tokenHash` (SHA-256 of the link's token) keys the owner's inbox without storing the
 * token twice. A re-issued link replaces the row, so the old token stops opening the inbox.
 */
export const votingLinks = pgTable(
  'voting_links',
  {
    ballotId: uuid('ballot_id').notNull(),
    holderKey: text('holder_key').notNull(),
    communityId: uuid('community_id').notNull(),
    voterId: uuid('voter_id').notNull(),
    memberIds: uuid('member_ids').array().notNull(),
    linkUrl: text('link_url').notNull(),
    tokenHash: text('token_hash').notNull(),
    issuedAt: instant('issued_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ballotId, t.holderKey] }),
    uniqueIndex('voting_links_token_key').on(t.tokenHash),
  ],
);

/** Owner keys that have voted, per ballot (ballots.vote.cast). */
export const votesCast = pgTable(
  'votes_cast',
  {
    ballotId: uuid('ballot_id').notNull(),
    holderKey: text('holder_key').notNull(),
    castAt: instant('cast_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ballotId, t.holderKey] })],
);
