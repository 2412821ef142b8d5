import { sql } from 'drizzle-orm';
import {
  boolean,
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

/**
 * Staff of each community (directory.staff.recorded): roles there, whether the account is
 * enabled, and how to reach them with alerts. Personal data, like `owners`.
 */
export const staffMembers = pgTable(
  'staff_members',
  {
    staffId: uuid('staff_id').notNull(),
    communityId: uuid('community_id').notNull(),
    displayName: text('display_name').notNull(),
    /** Roles in this community; empty once the account left it. */
    roles: text('roles').array().notNull(),
    active: boolean('active').notNull(),
    phone: text('phone'),
    email: text('email'),
    wechatOpenId: text('wechat_open_id'),
    preferredChannel: text('preferred_channel', { enum: ['sms', 'email', 'wechat'] }),
    locale: text('locale', { enum: ['zh-CN', 'en'] })
      .notNull()
      .default('zh-CN'),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.staffId, t.communityId] }),
    index('staff_members_community_idx').on(t.communityId),
  ],
);

/** Grids (directory.grid.defined): which buildings each grid worker looks after. */
export const grids = pgTable(
  'grids',
  {
    gridId: uuid('grid_id').primaryKey(),
    communityId: uuid('community_id').notNull(),
    name: text('name').notNull(),
    buildingIds: uuid('building_ids').array().notNull(),
    workerIds: uuid('worker_ids').array().notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('grids_community_idx').on(t.communityId)],
);

/**
 * Meetings whose notice was published (meetings.meeting.notice_published), for the cancellation
 * and minutes messages, and `status` so a queued notice of a cancelled meeting is not sent.
 */
export const meetings = pgTable(
  'meetings',
  {
    meetingId: uuid('meeting_id').primaryKey(),
    communityId: uuid('community_id').notNull(),
    kind: text('kind', { enum: ['owners_assembly', 'committee', 'deliberation'] }).notNull(),
    form: text('form', { enum: ['in_person', 'in_writing'] }).notNull(),
    title: text('title').notNull(),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at'),
    place: text('place').notNull(),
    status: text('status', { enum: ['announced', 'cancelled'] }).notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('meetings_community_idx').on(t.communityId)],
);
