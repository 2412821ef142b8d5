import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { BallotsTx } from '../db/database.ts';
import { rowsOf } from '../db/rows.ts';

const dialect = new PgDialect();

interface PostgresJsClient {
  unsafe(query: string, params: unknown[], options: { prepare: boolean }): Promise<unknown>;
}

/**
 * Runs `query` in `tx` as a named prepared statement when the driver is postgres.js.
 *
 * Why: drizzle's `tx.execute()` (and its query builder) sends unnamed statements, and postgres.js
 * sends an unnamed statement that has parameters in two round trips (Parse + Describe, wait for
 * the parameter types, then Bind + Execute). A prepared one is described once per connection,
 * then costs one round trip. On the vote path that halves the statements' round trips. Queries
 * that do not depend on their values' count (arrays, `unnest`) are prepared once and reused.
 *
 * Elsewhere (PGlite) the query runs through drizzle as usual.
 */
export async function executePrepared<T>(tx: BallotsTx, query: SQL): Promise<T[]> {
  const client = (tx as unknown as { session?: { client?: Partial<PostgresJsClient> } }).session
    ?.client;
  if (typeof client?.unsafe !== 'function') return rowsOf<T>(await tx.execute(query));
  const { sql, params } = dialect.sqlToQuery(query);
  return rowsOf<T>(await client.unsafe(sql, params, { prepare: true }));
}
