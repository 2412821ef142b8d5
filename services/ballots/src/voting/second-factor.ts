import { transactionLock } from '@yishi/db';
import { and, count, eq, inArray, min, sql } from 'drizzle-orm';
import { normaliseLast4 } from '../bus/owner-contact.ts';
import type { Deps } from '../context.ts';
import {
  ballots,
  credentials,
  dirOwners,
  electorateHolders,
  secondFactorFailures,
} from '../db/schema/index.ts';
import { secondFactorHash } from './link-token.ts';
import { refusal } from './refusals.ts';

/** Failed attempts allowed per credential within the window before it is throttled. */
export const SECOND_FACTOR_MAX_FAILURES = 5;
export const SECOND_FACTOR_WINDOW_MS = 15 * 60_000;
/**
 * Failures a credential may ever have: 5 per 15 minutes alone would allow thousands of guesses of
 * the 10,000 values over a ballot's weeks. Past this the link is locked until the committee
 * re-issues it (a new credential starts from zero).
 */
export const SECOND_FACTOR_LOCK_AFTER = 20;

/**
 * Checks the last four digits of the voter's registered phone or ID (whichever the ballot asks
 * for) against the keyed hashes of the holder's members. Four digits are guessable, so failures
 * are recorded and the sixth attempt within 15 minutes is refused with 429. Serialised per
 * credential by an advisory lock, so concurrent guesses cannot slip past the count.
 */
export async function checkSecondFactor(
  deps: Pick<Deps, 'db' | 'links' | 'now' | 'newId'>,
  credentialId: string,
  given: string,
): Promise<void> {
  const now = deps.now();
  const since = new Date(now.getTime() - SECOND_FACTOR_WINDOW_MS);
  const outcome = await deps.db.transaction(async (tx) => {
    await tx.execute(sql`select ${transactionLock(`2fa:${credentialId}`)}`);
    const [failures] = await tx
      .select({
        n: count(sql`case when ${secondFactorFailures.at} >= ${since.toISOString()} then 1 end`),
        total: count(),
        oldest: min(
          sql`case when ${secondFactorFailures.at} >= ${since.toISOString()} then ${secondFactorFailures.at} end`,
        ),
      })
      .from(secondFactorFailures)
      .where(eq(secondFactorFailures.credentialId, credentialId));
    if ((failures?.total ?? 0) >= SECOND_FACTOR_LOCK_AFTER) {
      return { ok: false as const, locked: true };
    }
    if ((failures?.n ?? 0) >= SECOND_FACTOR_MAX_FAILURES) {
      const oldest = failures?.oldest ? new Date(failures.oldest).getTime() : now.getTime();
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil((oldest + SECOND_FACTOR_WINDOW_MS - now.getTime()) / 1000),
      );
      return { ok: false as const, locked: false, throttled: true, retryAfterSeconds };
    }
    const [holder] = await tx
      .select({ factor: ballots.secondFactor, memberIds: electorateHolders.memberIds })
      .from(credentials)
      .innerJoin(ballots, eq(ballots.id, credentials.ballotId))
      .innerJoin(
        electorateHolders,
        and(
          eq(electorateHolders.ballotId, credentials.ballotId),
          eq(electorateHolders.holderKey, credentials.holderKey),
        ),
      )
      .where(eq(credentials.id, credentialId));
    if (!holder) throw refusal('link_invalid');
    if (holder.factor === 'none') return { ok: true as const };
    const last4 = normaliseLast4(given);
    const owners = await tx
      .select()
      .from(dirOwners)
      .where(inArray(dirOwners.ownerId, holder.memberIds));
    const matches =
      last4 !== null &&
      owners.some((o) => {
        const stored = holder.factor === 'phone_last4' ? o.phoneLast4Hash : o.idLast4Hash;
        return stored !== null && stored === secondFactorHash(deps.links, o.ownerId, last4);
      });
    if (matches) return { ok: true as const };
    await tx.insert(secondFactorFailures).values({ id: deps.newId(), credentialId, at: now });
    const left = SECOND_FACTOR_MAX_FAILURES - (failures?.n ?? 0) - 1;
    return { ok: false as const, locked: false, throttled: false, attemptsLeft: left };
  });
  if (outcome.ok) return;
  if (outcome.locked) throw refusal('second_factor_locked');
  if (outcome.throttled) {
    throw refusal('second_factor_throttled', { retryAfterSeconds: outcome.retryAfterSeconds });
  }
  throw refusal('second_factor_wrong', { attemptsLeft: outcome.attemptsLeft });
}
