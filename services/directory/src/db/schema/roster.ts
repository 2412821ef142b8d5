import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const unitKind = pgEnum('unit_kind', ['residence', 'commercial', 'parking', 'other']);
/** SPC interpretation art. 8: registered area, else surveyed, else contract area. */
export const areaBasis = pgEnum('area_basis', ['registered', 'surveyed', 'contract']);
export const ownerKind = pgEnum('owner_kind', ['person', 'organisation', 'developer']);

/** An estate (小区). */
export const communities = pgTable('communities', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  /** 街道 and 社区: the street office and residents' community it belongs to. */
  street: text('street').notNull().default(''),
  neighbourhood: text('neighbourhood').notNull().default(''),
  /** Whether parking units belong to the voting scope (RULES.md §3). */
  parkingIncluded: boolean('parking_included').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const buildings = pgTable(
  'buildings',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('buildings_name').on(t.communityId, t.name)],
);

/** An exclusive unit (专有部分). */
export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    buildingId: uuid('building_id')
      .notNull()
      .references(() => buildings.id),
    entrance: text('entrance').notNull().default(''),
    room: text('room').notNull(),
    floor: integer('floor'),
    kind: unitKind('kind').notNull(),
    /** m² with two decimals, read back as the exact string ("89.50"). */
    area: numeric('area', { precision: 14, scale: 2 }).notNull(),
    areaBasis: areaBasis('area_basis').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('units_number').on(t.buildingId, t.entrance, t.room),
    index('units_community').on(t.communityId),
  ],
);

/** A person, an organisation or the developer. Only the last four ID digits are ever kept. */
export const owners = pgTable(
  'owners',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    kind: ownerKind('kind').notNull(),
    name: text('name').notNull(),
    phone: text('phone'),
    idLast4: text('id_last4'),
    /** How a re-import recognises the same owner: name and phone (or name alone without one). */
    matchKey: text('match_key').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('owners_match').on(t.communityId, t.matchKey)],
);

/**
 * An owner key (RULES.md §2): one owner, or a co-owner set that is a person of its own. `key` is
 * the sorted member ids joined by "&", so the same set of owners is always the same holder.
 */
export const holders = pgTable(
  'holders',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    key: text('key').notNull(),
    /** The co-owner who votes for the set (the owner themself for a single owner). */
    voterId: uuid('voter_id')
      .notNull()
      .references(() => owners.id),
  },
  (t) => [uniqueIndex('holders_key').on(t.communityId, t.key)],
);

export const holderMembers = pgTable(
  'holder_members',
  {
    holderId: uuid('holder_id')
      .notNull()
      .references(() => holders.id),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => owners.id),
  },
  (t) => [
    primaryKey({ columns: [t.holderId, t.ownerId] }),
    index('holder_members_owner').on(t.ownerId),
  ],
);

/** Who held a unit when. The current holder has no `until`; past ownership is kept. */
export const ownerships = pgTable(
  'ownerships',
  {
    id: uuid('id').primaryKey(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    holderId: uuid('holder_id')
      .notNull()
      .references(() => holders.id),
    /** Unsold or undelivered developer unit: all of them count as one head (SPC art. 9). */
    developerUnsold: boolean('developer_unsold').notNull().default(false),
    since: timestamp('since', { withTimezone: true }).notNull(),
    until: timestamp('until', { withTimezone: true }),
  },
  (t) => [
    // At most one current holder per unit, whatever two imports race to do.
    uniqueIndex('ownerships_current').on(t.unitId).where(sql`${t.until} is null`),
    index('ownerships_holder').on(t.holderId),
  ],
);

/** A grid (网格): a named set of buildings that grid workers cover. */
export const grids = pgTable(
  'grids',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('grids_name').on(t.communityId, t.name)],
);

export const gridBuildings = pgTable(
  'grid_buildings',
  {
    gridId: uuid('grid_id')
      .notNull()
      .references(() => grids.id),
    buildingId: uuid('building_id')
      .notNull()
      .references(() => buildings.id),
  },
  (t) => [primaryKey({ columns: [t.gridId, t.buildingId] })],
);
