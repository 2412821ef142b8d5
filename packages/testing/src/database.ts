import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import './provided-context.ts';

/** A database of its own for one test file, on the harness PostgreSQL. */
export interface TestDatabase {
  /** Connection URL of the new database. */
  readonly url: string;
  /** A postgres.js client connected to it. */
  readonly sql: postgres.Sql;
  /** Closes `sql`, ends other sessions on the database, and drops it. */
  drop(): Promise<void>;
}

/**
 * Creates a fresh, uniquely named database on the harness PostgreSQL, so test files never
 * share data and can run in parallel.
 *
 * @example
 * let tdb: TestDatabase;
 * beforeAll(async () => { tdb = await createTestDatabase(); });
 * afterAll(() => tdb.drop());
 */
export async function createTestDatabase(
  options: { prefix?: string; max?: number } = {},
): Promise<TestDatabase> {
  const adminUrl = inject('postgresUrl');
  const name = `${options.prefix ?? 't'}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const sql = postgres(url, { max: options.max ?? 5, onnotice: () => {} });
  return {
    url,
    sql,
    async drop() {
      await sql.end({ timeout: 5 });
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
