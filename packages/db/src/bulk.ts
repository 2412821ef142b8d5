import { type SQL, sql } from 'drizzle-orm';

/** A column written by {@link insertColumns}: its name and PostgreSQL type, e.g. `['area', 'numeric']`. */
export type ColumnType = readonly [name: string, type: string];

/** A cell: sent as text (or null) and cast by the server to the column's type. */
export type Cell = string | number | boolean | null | undefined;

/**
 * `insert into <table> (…) select * from unnest($1::text[]::<type>[], …)`: one parameter per
 * column whatever the number of rows, which PostgreSQL parses and plans far faster than thousands
 * of `(…), (…)` tuples (and never meets the 65,535-parameter limit). Works on PGlite too.
 *
 * @example
 * await tx.execute(insertColumns('units', [['id', 'uuid'], ['area', 'numeric']], [[id, '89.50']]));
 */
export function insertColumns(
  table: string,
  columns: readonly ColumnType[],
  rows: readonly (readonly Cell[])[],
): SQL {
  const arrays = columns.map(
    ([, type], i) =>
      sql`${sql.param(rows.map((row) => (row[i] === null || row[i] === undefined ? null : String(row[i]))))}::text[]::${sql.raw(type)}[]`,
  );
  const names = columns.map(([name]) => name).join(', ');
  return sql`insert into ${sql.raw(table)} (${sql.raw(names)}) select * from unnest(${sql.join(arrays, sql`, `)})`;
}
