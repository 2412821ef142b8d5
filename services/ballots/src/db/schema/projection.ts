import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

// The ballots service's own copy of the directory, kept by the directory projection consumer
// (src/bus/directory-projection.ts). It holds only what a ballot needs: never names, full phone
// numbers or ID digits.

/** Community settings that shape a ballot's scope. */
export const dirCommunities = pgTable('dir_communities', {
  communityId: uuid('community_id').primaryKey(),
  /** The community's name (not personal data); the demo ballot looks for 幸福里 by it. */
  name: text('name'),
  parkingIncluded: boolean('parking_included').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

/** Units with their area and the basis it came from (SPC interpretation art. 8). */
export const dirUnits = pgTable(
  'dir_units',
  {
    unitId: uuid('unit_id').primaryKey(),
    communityId: uuid('community_id').notNull(),
    buildingId: uuid('building_id').notNull(),
    building: text('building').notNull(),
    entrance: text('entrance').notNull(),
    room: text('room').notNull(),
    floor: integer('floor'),
    kind: text('kind', { enum: ['residence', 'commercial', 'parking', 'other'] }).notNull(),
    area: text('area').notNull(),
    areaBasis: text('area_basis', { enum: ['registered', 'surveyed', 'contract'] }).notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('dir_units_community_idx').on(t.communityId, t.buildingId)],
);

/** The current holder of each unit: an owner key (RULES.md §2) and the co-owner who votes. */
export const dirHoldings = pgTable(
  'dir_holdings',
  {
    unitId: uuid('unit_id').primaryKey(),
    communityId: uuid('community_id').notNull(),
    holderId: uuid('holder_id').notNull(),
    holderKey: text('holder_key').notNull(),
    memberIds: uuid('member_ids').array().notNull(),
    voterId: uuid('voter_id').notNull(),
    developerUnsold: boolean('developer_unsold').notNull(),
    since: instant('since').notNull(),
  },
  (t) => [index('dir_holdings_community_idx').on(t.communityId)],
);

/**
 * What ballots keeps of an owner: a masked phone for door-to-door lists and keyed hashes of the
 * last four digits of the phone and of the ID number, for the optional second factor.
 */
export const dirOwners = pgTable('dir_owners', {
  ownerId: uuid('owner_id').primaryKey(),
  communityId: uuid('community_id').notNull(),
  phoneMasked: text('phone_masked'),
  phoneLast4Hash: text('phone_last4_hash'),
  idLast4Hash: text('id_last4_hash'),
  updatedAt: instant('updated_at').notNull(),
});

/** Grids (网格) and their buildings, to limit what grid workers see. */
export const dirGrids = pgTable('dir_grids', {
  gridId: uuid('grid_id').primaryKey(),
  communityId: uuid('community_id').notNull(),
  buildingIds: uuid('building_ids').array().notNull(),
  updatedAt: instant('updated_at').notNull(),
});
