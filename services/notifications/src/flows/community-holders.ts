import { unavailable } from '@yishi/errors';
import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { NotificationsTx } from '../db/database.ts';
import { holdings } from '../db/schema/index.ts';
import type { Holder } from './plan.ts';

/** Deliveries of an event waiting for its community's roster (see {@link communityHolders}). */
export const rosterWaitDeliveries = 12;

/** One row per owner key (its latest holding), among the holdings `where` selects. */
function distinctHolders(tx: NotificationsTx, where: SQL | undefined): Promise<Holder[]> {
  return tx
    .selectDistinctOn([holdings.holderKey], {
      holderKey: holdings.holderKey,
      voterId: holdings.voterId,
      memberIds: holdings.memberIds,
    })
    .from(holdings)
    .where(where)
    .orderBy(holdings.holderKey, desc(holdings.since));
}

/**
 * Every owner key that holds a unit of the community now (from `directory.ownership.changed`),
 * once, with its members and voting co-owner: whom an estate-wide message goes to.
 *
 * The DIRECTORY stream is read by another consumer than the event being handled, so the roster
 * may not have arrived yet (a new deployment catching up, a community just imported): with no
 * holder at all this throws a retryable `unavailable`, and the consumer tries the event again
 * later rather than telling no one.
 */
export async function communityHolders(
  tx: NotificationsTx,
  communityId: string,
): Promise<Holder[]> {
  const holders = await distinctHolders(tx, eq(holdings.communityId, communityId));
  if (holders.length === 0) throw rosterNotYetKnown();
  return holders;
}

const rosterNotYetKnown = () =>
  unavailable({
    zh: '尚未收到该小区的业主名册',
    en: "The community's roster has not reached notifications yet",
  });

/** Throws a retryable `unavailable` while no holder of the community is known (see above). */
export async function assertRosterKnown(tx: NotificationsTx, communityId: string) {
  const [one] = await tx
    .select({ unitId: holdings.unitId })
    .from(holdings)
    .where(eq(holdings.communityId, communityId))
    .limit(1);
  if (!one) throw rosterNotYetKnown();
}

/**
 * The given owner keys of a community as holders: from the holdings where the key still holds a
 * unit, else from the key itself (its member owner ids joined by "&", the first voting), so a
 * co-signer who sold since is still told.
 */
export async function holdersOfKeys(
  tx: NotificationsTx,
  communityId: string,
  keys: readonly string[],
): Promise<Holder[]> {
  const wanted = [...new Set(keys)];
  if (wanted.length === 0) return [];
  const rows = await distinctHolders(
    tx,
    and(eq(holdings.communityId, communityId), inArray(holdings.holderKey, wanted)),
  );
  const known = new Map(rows.map((r) => [r.holderKey, r]));
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  return wanted.flatMap((key) => {
    const holder = known.get(key);
    if (holder) return [holder];
    const memberIds = key.split('&');
    if (!memberIds.every((id) => uuid.test(id))) return [];
    return [{ holderKey: key, voterId: memberIds[0]!, memberIds }];
  });
}
