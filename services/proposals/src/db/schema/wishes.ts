import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A micro-wish (微心愿): a resident's small request that a volunteer, Party member or partner unit
 * claims and marks done. The claimant is shown on the wall by the name they give (an organisation
 * or a volunteer's chosen name), never with contact details.
 */
export const wishes = pgTable(
  'wishes',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    status: text('status', { enum: ['open', 'claimed', 'fulfilled'] }).notNull(),
    authorKind: text('author_kind', { enum: ['owner', 'staff'] }).notNull(),
    authorHolderKey: text('author_holder_key'),
    authorStaffId: uuid('author_staff_id'),
    claimantKind: text('claimant_kind', { enum: ['volunteer', 'party_member', 'partner_unit'] }),
    claimantName: text('claimant_name'),
    claimedAt: instant('claimed_at'),
    fulfilledAt: instant('fulfilled_at'),
    fulfilmentNote: text('fulfilment_note'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [index('wishes_community_idx').on(t.communityId, t.createdAt, t.id)],
);
