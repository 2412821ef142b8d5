import { and, eq, lt, or, type SQL, sql } from 'drizzle-orm';
import type { DirectoryDb } from '../db/database.ts';
import { signInThrottle } from '../db/schema/index.ts';

/** How failed sign-ins are throttled, per login and across every replica. */
export const throttlePolicy = {
  /** Failures allowed in a row before the first lock. */
  freeFailures: 5,
  firstLockSeconds: 30,
  /** Each further failure doubles the lock, up to this. */
  maxLockSeconds: 15 * 60,
  /** Failures older than this are forgotten, so a typo last month does not lock anyone today. */
  forgetAfterSeconds: 24 * 60 * 60,
} as const;

export type AttemptStart = { locked: false } | { locked: true; retryAfterSeconds: number };

const at = (instant: Date): SQL => sql`${instant.toISOString()}::timestamptz`;

/**
 * Starts a sign-in attempt for `login`: refuses it while the login is locked, else counts it as a
 * failure *before* the password is checked (a success clears the count). Counting first, in one
 * upsert that locks the row, means parallel guesses cannot all slip in before the fifth failure
 * is written.
 */
export async function beginSignInAttempt(
  db: DirectoryDb,
  login: string,
  now: Date,
): Promise<AttemptStart> {
  const forgetBefore = new Date(now.getTime() - throttlePolicy.forgetAfterSeconds * 1000);
  const failures = sql`(case when ${signInThrottle.lastFailureAt} < ${at(forgetBefore)} then 1 else ${signInThrottle.failures} + 1 end)`;
  const { freeFailures, firstLockSeconds, maxLockSeconds } = throttlePolicy;
  const lockSeconds = sql`least(${firstLockSeconds} * power(2, least(${failures} - ${freeFailures}, 20)), ${maxLockSeconds})`;
  const counted = await db
    .insert(signInThrottle)
    .values({ login, failures: 1, lastFailureAt: now, lockedUntil: null })
    .onConflictDoUpdate({
      target: signInThrottle.login,
      set: {
        failures,
        lastFailureAt: now,
        lockedUntil: sql`case when ${failures} >= ${freeFailures} then ${at(now)} + make_interval(secs => ${lockSeconds}) end`,
      },
      setWhere: or(
        sql`${signInThrottle.lockedUntil} is null`,
        sql`${signInThrottle.lockedUntil} <= ${at(now)}`,
      ),
    })
    .returning({ failures: signInThrottle.failures });
  if (counted.length > 0) return { locked: false };

  const [row] = await db
    .select({ lockedUntil: signInThrottle.lockedUntil })
    .from(signInThrottle)
    .where(eq(signInThrottle.login, login));
  const remainingMs = (row?.lockedUntil?.getTime() ?? now.getTime()) - now.getTime();
  return { locked: true, retryAfterSeconds: Math.max(1, Math.ceil(remainingMs / 1000)) };
}

/** Forgets the failures of `login` after a successful sign-in. */
export async function clearSignInFailures(db: DirectoryDb, login: string): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.login, login));
}

/**
 * Deletes throttle rows nobody needs any more (unlocked and older than the forget window), which
 * guesses at made-up logins leave behind. Run it now and then, e.g. hourly from main.ts.
 */
export async function pruneSignInThrottle(ctx: { db: DirectoryDb; now: () => Date }) {
  const now = ctx.now();
  const forgetBefore = new Date(now.getTime() - throttlePolicy.forgetAfterSeconds * 1000);
  const deleted = await ctx.db
    .delete(signInThrottle)
    .where(
      and(
        lt(signInThrottle.lastFailureAt, forgetBefore),
        or(sql`${signInThrottle.lockedUntil} is null`, lt(signInThrottle.lockedUntil, now)),
      ),
    )
    .returning({ login: signInThrottle.login });
  return { deleted: deleted.length };
}
