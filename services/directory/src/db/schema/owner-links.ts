import { integer, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { communities, holders } from './roster.ts';

/**
 * The personal page link of each owner key (`/o/<owner page token>`). A row is made when a link
 * is first exported; `version` goes up each time the committee revokes and re-issues it, and
 * tokens with an older `ver` are refused everywhere (`directory.owner_link.revoked`). The token
 * is not stored: it is signed again from these columns, and comes out the same.
 */
export const ownerLinks = pgTable('owner_links', {
  holderId: uuid('holder_id')
    .primaryKey()
    .references(() => holders.id),
  communityId: uuid('community_id')
    .notNull()
    .references(() => communities.id),
  version: integer('version').notNull().default(1),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
});
