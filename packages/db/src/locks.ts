import { type SQL, sql } from 'drizzle-orm';

/**
 * A transaction-scoped advisory lock on `key` (a string, or an SQL expression such as a column),
 * as an SQL expression to `select`: exclusive by default, or shared. Released at commit or
 * rollback, so nothing can leave it held. Keys are hashed to 64 bits; prefix them with what they
 * protect (`2fa:<id>`) so unrelated locks do not collide.
 */
export function transactionLock(
  key: string | SQL,
  mode: 'exclusive' | 'shared' = 'exclusive',
): SQL {
  return mode === 'shared'
    ? sql`pg_advisory_xact_lock_shared(hashtextextended((${key})::text, 0))`
    : sql`pg_advisory_xact_lock(hashtextextended((${key})::text, 0))`;
}
