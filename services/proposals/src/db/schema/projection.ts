import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

// The proposals service's own copy of what it needs of the directory, kept by the directory
// projection (src/bus/directory-projection.ts): owner keys per community, to count the base of
// the co-signing threshold and to check that an owner link's holder still owns a unit. No names,
// phones or ID digits.

export const dirCommunities = pgTable('dir_communities', {
  communityId: uuid('community_id').primaryKey(),
  name: text('name').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

/** The current holder (owner key) of each unit. */
export const dirHoldings = pgTable(
  'dir_holdings',
  {
    unitId: uuid('unit_id').primaryKey(),
    communityId: uuid('community_id').notNull(),
    holderId: uuid('holder_id').notNull(),
    holderKey: text('holder_key').notNull(),
    since: instant('since').notNull(),
  },
  (t) => [
    index('dir_holdings_community_idx').on(t.communityId, t.holderKey),
    index('dir_holdings_holder_idx').on(t.holderId),
  ],
);

/** The current owner link version of each holder; tokens below it are revoked. */
export const dirOwnerLinks = pgTable('dir_owner_links', {
  holderId: uuid('holder_id').primaryKey(),
  version: integer('version').notNull(),
});
