import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

// The meetings service's own copy of the directory, kept by src/bus/directory-projection.ts. It
// holds what an attendance list needs (units, areas, owner keys): never names, phones or ID digits.

/** Communities: the name finds the demo community; parking decides the assembly's totals. */
export const dirCommunities = pgTable('dir_communities', {
  communityId: uuid('community_id').primaryKey(),
  name: text('name').notNull(),
  parkingIncluded: boolean('parking_included').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

export const dirUnits = pgTable(
  'dir_units',
  {
    unitId: uuid('unit_id').primaryKey(),
    communityId: uuid('community_id').notNull(),
    buildingId: uuid('building_id').notNull(),
    building: text('building').notNull(),
    entrance: text('entrance').notNull(),
    room: text('room').notNull(),
    kind: text('kind', { enum: ['residence', 'commercial', 'parking', 'other'] }).notNull(),
    area: text('area').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('dir_units_community_idx').on(t.communityId, t.building, t.entrance, t.room)],
);

/** The current holder (owner key, RULES.md §2) of each unit. */
export const dirHoldings = pgTable(
  'dir_holdings',
  {
    unitId: uuid('unit_id').primaryKey(),
    communityId: uuid('community_id').notNull(),
    holderKey: text('holder_key').notNull(),
    /**
     * An unsold (or sold but undelivered) unit of the developer: all of them, and every unit of a
     * key that holds one, count as one owner (SPC interpretation art. 9; RULES.md §1).
     */
    developerUnsold: boolean('developer_unsold').notNull().default(false),
    since: instant('since').notNull(),
  },
  (t) => [index('dir_holdings_holder_idx').on(t.communityId, t.holderKey)],
);

/** The current version of each owner key's page link: older owner tokens are revoked. */
export const dirOwnerLinks = pgTable('dir_owner_links', {
  holderId: uuid('holder_id').primaryKey(),
  communityId: uuid('community_id').notNull(),
  version: integer('version').notNull(),
  updatedAt: instant('updated_at').notNull(),
});
