import {
  customType,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { communities } from './roster.ts';
import { staff } from './staff.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

export const importStatus = pgEnum('import_status', [
  /** The file is being read and checked against the roster. */
  'checking',
  /** Checked with no bad row: the preview is ready to be applied. */
  'ready',
  /** Some rows are bad: nothing can be applied; the errors say which and why. */
  'invalid',
  'applying',
  'applied',
  /** Interrupted or refused while applying; nothing was changed. */
  'failed',
]);

/**
 * A roster import: the uploaded file, its dry-run preview and its progress. It is applied only
 * from `ready`, in one transaction, so a failed or interrupted import changes nothing. The
 * changes and row errors it found are kept in {@link rosterImportPages}.
 */
export const rosterImports = pgTable('roster_imports', {
  id: uuid('id').primaryKey(),
  communityId: uuid('community_id')
    .notNull()
    .references(() => communities.id),
  staffId: uuid('staff_id')
    .notNull()
    .references(() => staff.id),
  fileName: text('file_name').notNull(),
  format: text('format', { enum: ['csv', 'xlsx'] }).notNull(),
  file: bytea('file').notNull(),
  status: importStatus('status').notNull(),
  /** `{ phase, done, total }` while checking or applying. */
  progress: jsonb('progress').notNull().default({ phase: 'queued', done: 0, total: null }),
  /** Written with every progress report: a job in progress with an old heartbeat was interrupted. */
  heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
  /** Counts of the changes the file makes and of its row errors. */
  preview: jsonb('preview'),
  /**
   * A hash of the changes shown in the preview. Applying recomputes it: a roster changed since
   * the check (another import applied meanwhile) no longer matches, and nothing is applied.
   */
  fingerprint: text('fingerprint'),
  /** Why the import failed: `interrupted`, `stale` or `error`. */
  failure: text('failure'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

/**
 * The changes and row errors of an import, a few hundred entries per row: a 20,000-unit file
 * makes tens of thousands of entries, which are written in a few statements and read a page at
 * a time without loading the rest.
 */
export const rosterImportPages = pgTable(
  'roster_import_pages',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => rosterImports.id, { onDelete: 'cascade' }),
    list: text('list', { enum: ['changes', 'errors'] }).notNull(),
    page: integer('page').notNull(),
    entries: jsonb('entries').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.list, t.page] })],
);
