import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';

/** A drizzle schema: the tables (and relations) a service passes to `createDatabase`. */
export type Schema = Record<string, unknown>;

/**
 * The database handle services code against: drizzle's common PostgreSQL base, so the same
 * code runs on postgres.js and on PGlite.
 */
export type Db<TSchema extends Schema = Record<string, never>> = PgDatabase<
  PgQueryResultHKT,
  TSchema,
  ExtractTablesWithRelations<TSchema>
>;

/** A transaction opened with `db.transaction(...)`. */
export type Tx<TSchema extends Schema = Record<string, never>> = PgTransaction<
  PgQueryResultHKT,
  TSchema,
  ExtractTablesWithRelations<TSchema>
>;

/**
 * Anything that runs queries: a database or a transaction. Functions that must join the
 * caller's transaction take this.
 */
export type Executor<TSchema extends Schema = Record<string, never>> = Db<TSchema> | Tx<TSchema>;
