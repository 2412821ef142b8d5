import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import postgres from 'postgres';

/** The variables that give a service its own database. */
export type DatabaseEnv = { DATABASE_URL: string } | { PGLITE_DIR: string };

/**
 * Each service owns its database: on a configured PostgreSQL server a database `yishi_<service>`
 * (created when missing), otherwise an embedded PGlite folder under the data directory.
 */
export async function databaseFor(
  service: string,
  options: { serverUrl?: string; dataDir: string },
): Promise<DatabaseEnv> {
  const database = `yishi_${service.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`;
  if (!options.serverUrl) {
    const dir = resolve(join(options.dataDir, service, 'pglite'));
    mkdirSync(dir, { recursive: true });
    return { PGLITE_DIR: dir };
  }
  const sql = postgres(options.serverUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select 1 as found from pg_database where datname = ${database}`;
    if (!row) await sql.unsafe(`create database "${database}"`);
  } finally {
    await sql.end({ timeout: 5 });
  }
  const url = new URL(options.serverUrl);
  url.pathname = `/${database}`;
  return { DATABASE_URL: url.toString() };
}
