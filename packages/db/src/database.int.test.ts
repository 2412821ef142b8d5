import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@yishi/testing';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notes } from '../test/fixtures/schema.ts';
import { createDatabase, type Database } from './create-database.ts';
import { migrate } from './migrate.ts';

const migrationsFolder = fileURLToPath(new URL('../test/fixtures/drizzle', import.meta.url));
const schema = { notes };

interface Target {
  open(): Database<typeof schema>;
  cleanup(): Promise<void>;
}

const targets: Record<'postgres' | 'pglite', () => Promise<Target>> = {
  async postgres() {
    const tdb: TestDatabase = await createTestDatabase();
    return { open: () => createDatabase({ url: tdb.url, max: 4, schema }), cleanup: tdb.drop };
  },
  async pglite() {
    const dataDir = mkdtempSync(join(tmpdir(), 'yishi-pglite-'));
    return {
      open: () => createDatabase({ dataDir, schema }),
      cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  },
};

describe.each(Object.keys(targets) as (keyof typeof targets)[])('on %s', (kind) => {
  let target: Target;
  let database: Database<typeof schema>;
  beforeAll(async () => {
    target = await targets[kind]();
    database = target.open();
  });
  afterAll(async () => {
    await database?.close();
    await target?.cleanup();
  });

  it('reports which driver it uses', () => {
    expect(database.kind).toBe(kind);
  });

  it('applies every committed migration once, and again is a no-op', async () => {
    const { db } = database;
    await migrate(db, { migrationsFolder, migrationsTable: '__test_migrations' });
    await migrate(db, { migrationsFolder, migrationsTable: '__test_migrations' });
    await db.insert(notes).values({ body: 'hello', tag: 'greeting' });
    const rows = await db.select().from(notes).where(eq(notes.tag, 'greeting'));
    expect(rows.map((r) => r.body)).toEqual(['hello']);
    const applied = await db.execute<{ n: number }>(
      'select count(*)::int as n from drizzle.__test_migrations',
    );
    expect(rowsOf<{ n: number }>(applied)[0]?.n).toBe(2);
    // PGlite runs in-process WebAssembly: on a busy two-core machine this can take a while.
  }, 120_000);

  it('keeps nothing from a transaction that throws', async () => {
    const { db } = database;
    const before = await db.select({ n: count() }).from(notes);
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(notes).values({ body: 'doomed' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const after = await db.select({ n: count() }).from(notes);
    expect(after).toEqual(before);
    expect(await db.select().from(notes).where(eq(notes.body, 'doomed'))).toEqual([]);
  });

  it('commits a transaction that returns', async () => {
    const { db } = database;
    const id = await database.db.transaction(async (tx) => {
      const [row] = await tx.insert(notes).values({ body: 'kept' }).returning();
      await tx.update(notes).set({ stars: 3 }).where(eq(notes.id, row!.id));
      return row!.id;
    });
    const [row] = await db.select().from(notes).where(eq(notes.id, id));
    expect(row?.stars).toBe(3);
  });

  it('keeps its data after closing and opening again', async () => {
    await database.close();
    database = target.open();
    const rows = await database.db.select().from(notes).where(eq(notes.body, 'kept'));
    expect(rows).toHaveLength(1);
  });
});

/** postgres.js returns the rows as an array, PGlite as `{ rows }`. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? result : (result as { rows: T[] }).rows;
}
