import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Db, Schema } from './types.ts';

const serverUrls = new WeakMap<object, string>();

/** The URL a postgres.js database was created with, for work that needs a connection of its own. */
export function serverUrlOf(db: object): string | undefined {
  return serverUrls.get(db);
}

/** Connects to a PostgreSQL server over postgres.js. */
export interface ServerDatabaseConfig<TSchema extends Schema> {
  url: string;
  /** Pool size (postgres.js `max`). Default 10. */
  max?: number;
  /** Seconds an idle connection stays open. Default 30. */
  idleTimeoutSeconds?: number;
  schema?: TSchema;
}

/**
 * Embedded PostgreSQL (PGlite) stored in `dataDir`. One PGlite serves one connection, so
 * queries and transactions are serialised: fine for local runs, not for load.
 */
export interface EmbeddedDatabaseConfig<TSchema extends Schema> {
  dataDir: string;
  schema?: TSchema;
}

export type DatabaseConfig<TSchema extends Schema = Record<string, never>> =
  | ServerDatabaseConfig<TSchema>
  | EmbeddedDatabaseConfig<TSchema>;

/** What `createDatabase` returns. */
export interface Database<TSchema extends Schema = Record<string, never>> {
  readonly db: Db<TSchema>;
  readonly kind: 'postgres' | 'pglite';
  /** Ends the pool (waiting a few seconds for running queries) or closes PGlite. */
  close(): Promise<void>;
}

/**
 * Creates a drizzle database for a PostgreSQL URL or an embedded PGlite folder. Nothing
 * connects until the first query, so call it from `main.ts`, never at import time.
 *
 * @example
 * const { db, close } = createDatabase(env.DATABASE_URL
 *   ? { url: env.DATABASE_URL, max: 20, schema }
 *   : { dataDir: '.yishi/ballots', schema });
 * await migrate(db, { migrationsFolder: 'drizzle' });
 */
export function createDatabase<TSchema extends Schema = Record<string, never>>(
  config: DatabaseConfig<TSchema>,
): Database<TSchema> {
  if ('url' in config) {
    const client = postgres(config.url, {
      max: config.max ?? 10,
      idle_timeout: config.idleTimeoutSeconds ?? 30,
      onnotice: () => {},
    });
    const db = drizzlePostgres({ client, ...(config.schema && { schema: config.schema }) });
    serverUrls.set(db, config.url);
    return {
      db,
      kind: 'postgres',
      close: () => client.end({ timeout: 5 }),
    };
  }
  const client = new PGlite(config.dataDir);
  const db = drizzlePglite({ client, ...(config.schema && { schema: config.schema }) });
  return {
    db,
    kind: 'pglite',
    close: () => client.close(),
  };
}
