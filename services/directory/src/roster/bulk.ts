import { type SQL, sql } from 'drizzle-orm';

/** Rows per multi-row statement: well under PostgreSQL's 65,535 parameters for our widest table. */
export const CHUNK = 2_000;

/** Runs `write` on consecutive slices of `rows`, reporting how many are done. */
export async function inChunks<T>(
  rows: readonly T[],
  write: (chunk: T[]) => Promise<unknown>,
  onDone?: (done: number) => void,
): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    await write(chunk);
    onDone?.(start + chunk.length);
  }
}

/** `(values (…), (…)) as v(columns)`, for one UPDATE … FROM of many rows. */
export function valuesList(rows: SQL[], alias: string, columns: readonly string[]): SQL {
  return sql`(values ${sql.join(rows, sql`, `)}) as ${sql.raw(alias)}(${sql.raw(columns.join(', '))})`;
}
