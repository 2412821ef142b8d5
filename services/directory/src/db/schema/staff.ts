import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { communities, grids } from './roster.ts';

export const staffRole = pgEnum('staff_role', [
  'committee_admin',
  'committee_member',
  'party_secretary',
  'grid_worker',
]);

/** A staff account: committee, Party secretary, grid worker or platform admin. */
export const staff = pgTable('staff', {
  id: uuid('id').primaryKey(),
  /** What they sign in with (a phone number or a chosen name), stored lower-cased. */
  login: text('login').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  platformAdmin: boolean('platform_admin').notNull().default(false),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The roles a staff account holds in a community. */
export const staffRoles = pgTable(
  'staff_roles',
  {
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    role: staffRole('role').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.staffId, t.communityId, t.role] }),
    index('staff_roles_community').on(t.communityId, t.staffId),
  ],
);

/** Grid workers assigned to a grid: they see only its buildings' owners. */
export const gridWorkers = pgTable(
  'grid_workers',
  {
    gridId: uuid('grid_id')
      .notNull()
      .references(() => grids.id),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
  },
  (t) => [
    primaryKey({ columns: [t.gridId, t.staffId] }),
    index('grid_workers_staff').on(t.staffId),
  ],
);

/**
 * How to reach a staff member with alerts (quorum reached or at risk, the daily summary), set by
 * themselves or an admin. Personal data: published only to notifications (directory.staff.recorded).
 */
export const staffContacts = pgTable('staff_contacts', {
  staffId: uuid('staff_id')
    .primaryKey()
    .references(() => staff.id),
  /** An 11-digit mainland mobile number. */
  phone: text('phone'),
  email: text('email'),
  wechatOpenId: text('wechat_open_id'),
  preferredChannel: text('preferred_channel', { enum: ['sms', 'email', 'wechat'] }),
  locale: text('locale', { enum: ['zh-CN', 'en'] })
    .notNull()
    .default('zh-CN'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * Refresh tokens, stored as SHA-256 hashes. Each use rotates the token within its family; a
 * rotated token used again means it leaked, and the whole family is revoked.
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('refresh_tokens_family').on(t.familyId),
    index('refresh_tokens_staff').on(t.staffId),
  ],
);

/**
 * Failed sign-ins per login (lower-cased, whether or not an account has it), to throttle guessing
 * across every replica. A row exists only while a login has failures to remember.
 */
export const signInThrottle = pgTable(
  'sign_in_throttle',
  {
    login: text('login').primaryKey(),
    failures: integer('failures').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }),
  },
  (t) => [index('sign_in_throttle_last_failure').on(t.lastFailureAt)],
);

/** The directory's Ed25519 signing keys; the newest unretired one signs, all published ones verify. */
export const signingKeys = pgTable('signing_keys', {
  kid: text('kid').primaryKey(),
  privateJwk: jsonb('private_jwk').notNull(),
  publicJwk: jsonb('public_jwk').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  retiredAt: timestamp('retired_at', { withTimezone: true }),
});

/** Who changed what, when: every staff action on the roster, staff and grids. */
export const staffActions = pgTable(
  'staff_actions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    staffId: uuid('staff_id').references(() => staff.id),
    communityId: uuid('community_id'),
    action: text('action').notNull(),
    target: text('target'),
    details: jsonb('details').notNull().default({}),
  },
  (t) => [index('staff_actions_community').on(t.communityId, t.at)],
);
