import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@yishi/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDatabase } from './create-database.ts';
import { migrate } from './migrate.ts';

const migrationsFolder = fileURLToPath(new URL('../test/fixtures/drizzle', import.meta.url));

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(() => tdb?.drop());

it('lets several processes migrate the same PostgreSQL database at once', async () => {
  const replicas = Array.from({ length: 4 }, () => createDatabase({ url: tdb.url, max: 2 }));
  try {
    await Promise.all(replicas.map(({ db }) => migrate(db, { migrationsFolder })));
  } finally {
    await Promise.all(replicas.map((r) => r.close()));
  }
  const [applied] = await tdb.sql<{ n: number }[]>`
    select count(*)::int as n from drizzle.__drizzle_migrations`;
  expect(applied?.n).toBe(2);
});
