import { fileURLToPath } from 'node:url';
import { type Db, migrate, type Schema } from '@yishi/db';

/** bus's committed drizzle migrations (outbox, inbox, dead_letters). */
export const busMigrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** The table recording which bus migrations ran, apart from the service's own. */
export const busMigrationsTable = '__bus_migrations';

/**
 * Creates or updates the bus tables in a service's database. Use this, or spread
 * `busSchema` into the service's drizzle schema and let its own migrations create them;
 * not both.
 */
export function migrateBus<S extends Schema>(db: Db<S>): Promise<void> {
  return migrate(db, {
    migrationsFolder: busMigrationsFolder,
    migrationsTable: busMigrationsTable,
  });
}
