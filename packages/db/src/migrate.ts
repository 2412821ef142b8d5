import { is } from 'drizzle-orm';
import type { MigrationConfig } from 'drizzle-orm/migrator';
import { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { serverUrlOf } from './create-database.ts';
import type { Db, Schema } from './types.ts';

/** Where the committed migrations are and where their bookkeeping goes. */
export interface MigrateOptions {
  /** Folder drizzle-kit generated (holds `meta/_journal.json`). */
  migrationsFolder: string;
  /**
   * Table recording applied migrations. Default `__drizzle_migrations`. Give every set of
   * migrations sharing a database its own table (e.g. `__bus_migrations`): drizzle skips
   * migrations older than the newest one recorded in the table.
   */
  migrationsTable?: string;
  /** Schema of that table. Default `drizzle`. */
  migrationsSchema?: string;
}

/**
 * Applies drizzle-kit's committed migrations, on PostgreSQL or PGlite.
 *
 * On PostgreSQL a session advisory lock serialises concurrent callers, so several replicas of
 * a service can start at once. Each service generates its migrations with drizzle-kit from a
 * `drizzle.config.ts` beside its package.json and commits the `drizzle/` folder:
 *
 * @example
 * // services/ballots/drizzle.config.ts
 * import { defineConfig } from 'drizzle-kit';
 * export default defineConfig({
 *   dialect: 'postgresql',
 *   schema: './src/db/schema/index.ts',
 *   out: './drizzle',
 * });
 * // then: pnpm exec drizzle-kit generate --name add-ballots
 * // and at start-up, in main.ts:
 * await migrate(db, { migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)) });
 */
export async function migrate<TSchema extends Schema>(
  db: Db<TSchema>,
  options: MigrateOptions,
): Promise<void> {
  const config: MigrationConfig = { ...options };
  if (is(db, PgliteDatabase)) {
    // One PGlite is one connection: there is no one else to race with.
    await migratePglite(db, config);
    return;
  }
  if (!is(db, PostgresJsDatabase)) {
    throw new TypeError('migrate() needs a database made by createDatabase()');
  }
  const url = serverUrlOf(db);
  if (!url) {
    await migratePostgres(db, config);
    return;
  }
  // A session lock on a connection of its own, so that a pool of any size can run the
  // migration meanwhile.
  const lock = postgres(url, { max: 1, onnotice: () => {} });
  const lockKey = `yishi.migrate:${options.migrationsSchema ?? 'drizzle'}.${options.migrationsTable ?? '__drizzle_migrations'}`;
  try {
    await lock`select pg_advisory_lock(hashtext(${lockKey}))`;
    await migratePostgres(db, config);
  } finally {
    await lock.end();
  }
}
