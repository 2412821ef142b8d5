import { type AnyColumn, type SQL, sql } from 'drizzle-orm';

/**
 * The leading number of a building, entrance or room name ("10栋" → 10, "502" → 502), for
 * ordering them as people read them: "2栋" before "10栋", "101" before "1001". Names without a
 * leading number sort after the numbered ones. At most 18 digits, so it always fits a bigint.
 * Takes a column or a value (a keyset cursor's), so both sides of a comparison agree.
 */
export const leadingNumber = (name: AnyColumn | string): SQL<string> =>
  sql<string>`coalesce(substring((${name})::text from '^[0-9]{1,18}')::bigint, 9223372036854775807)`;

/** Order-by terms for a name read naturally: its leading number, then the name itself. */
export const naturally = (name: AnyColumn): SQL[] => [leadingNumber(name), sql`${name}`];
