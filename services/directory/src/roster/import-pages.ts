import { decodeCursor, encodeCursor, type Page } from '@yishi/contracts';
import type { Executor } from '@yishi/db';
import { and, eq, gte, lte } from 'drizzle-orm';
import { z } from 'zod';
import type * as schema from '../db/schema/index.ts';
import { rosterImportPages } from '../db/schema/index.ts';

/** Entries per stored page; a request for up to 100 reads at most two of them. */
const PAGE_SIZE = 500;
/** Stored pages per INSERT statement. */
const PAGES_PER_STATEMENT = 20;

type List = 'changes' | 'errors';
type Db = Executor<typeof schema>;

/** Stores a list of an import's entries, PAGE_SIZE to a row. */
export async function saveEntries(
  db: Db,
  importId: string,
  list: List,
  entries: readonly unknown[],
): Promise<void> {
  const pages = [];
  for (let start = 0; start < entries.length; start += PAGE_SIZE) {
    pages.push({
      importId,
      list,
      page: start / PAGE_SIZE,
      entries: entries.slice(start, start + PAGE_SIZE),
    });
  }
  for (let start = 0; start < pages.length; start += PAGES_PER_STATEMENT) {
    await db.insert(rosterImportPages).values(pages.slice(start, start + PAGES_PER_STATEMENT));
  }
}

const cursorSchema = z.object({ offset: z.number().int().min(0) });

/** One page of a stored list, from an opaque cursor made by the previous page. */
export async function readEntries<T>(
  db: Db,
  importId: string,
  list: List,
  options: { cursor?: string | undefined; limit: number; total: number },
): Promise<Page<T>> {
  const offset = options.cursor ? decodeCursor(options.cursor, cursorSchema).offset : 0;
  const end = Math.min(offset + options.limit, options.total);
  if (offset >= end) return { items: [], nextCursor: null };
  const rows = await db
    .select({ page: rosterImportPages.page, entries: rosterImportPages.entries })
    .from(rosterImportPages)
    .where(
      and(
        eq(rosterImportPages.importId, importId),
        eq(rosterImportPages.list, list),
        gte(rosterImportPages.page, Math.floor(offset / PAGE_SIZE)),
        lte(rosterImportPages.page, Math.floor((end - 1) / PAGE_SIZE)),
      ),
    )
    .orderBy(rosterImportPages.page);
  const first = Math.floor(offset / PAGE_SIZE) * PAGE_SIZE;
  const items = rows.flatMap((r) => r.entries as T[]).slice(offset - first, end - first);
  return { items, nextCursor: end < options.total ? encodeCursor({ offset: end }) : null };
}
