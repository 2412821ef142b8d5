import { transactionLock } from '@yishi/db';
import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import type { NotificationsTx } from '../db/database.ts';
import { deliveries, meetings } from '../db/schema/index.ts';
import type { TemplateParams } from '../templates/templates.ts';
import { type Announcement, type Holder, planAnnouncements } from './plan.ts';

type FlowDeps = Pick<Deps, 'channels' | 'config' | 'newId' | 'now'>;

/** Minutes published this long ago or less are still sent to an owner key that arrives later. */
export const minutesCatchUpDays = 30;

/**
 * Serialises, per community, what reads the roster to announce something community-wide (the
 * meeting notice, its cancellation, the minutes) with the directory projection recording an owner
 * key new to the community: whichever commits second sees the other's rows (each statement of a
 * READ COMMITTED transaction reads what was committed before it), so an announcement handled in
 * the middle of a roster import reaches the keys it found, and catch-up the keys that came after.
 * Taken first, before any row lock, so the two never wait on each other in opposite orders.
 */
export async function lockCommunityRoster(tx: NotificationsTx, communityId: string) {
  await tx.execute(sql`select ${transactionLock(`notifications-roster:${communityId}`)}`);
}

/**
 * Plans, for owner keys that just reached the projection, the community-wide announcements they
 * missed and that still matter: the latest notice of each meeting not yet over (nor cancelled),
 * and the minutes published in the last {@link minutesCatchUpDays} days. Each goes out under the
 * announcement's own source id and parameters (copied from a delivery of it: they do not depend
 * on the holder), through the flow's planning, so `(source_id, recipient, medium)` keeps it at
 * most once per recipient however often the directory event is redelivered. Returns the rows
 * written.
 */
export async function catchUpHolders(
  tx: NotificationsTx,
  deps: FlowDeps,
  communityId: string,
  holders: readonly Holder[],
): Promise<number> {
  if (holders.length === 0) return 0;
  const now = deps.now();
  const upcoming = tx
    .select({ meetingId: meetings.meetingId })
    .from(meetings)
    .where(
      and(
        eq(meetings.communityId, communityId),
        eq(meetings.status, 'announced'),
        sql`coalesce(${meetings.endsAt}, ${meetings.startsAt}) > ${now.toISOString()}::timestamptz`,
      ),
    );
  const since = new Date(now.getTime() - minutesCatchUpDays * 86_400_000);
  const latest = (where: ReturnType<typeof and>) =>
    tx
      .selectDistinctOn([deliveries.meetingId], {
        sourceId: deliveries.sourceId,
        meetingId: deliveries.meetingId,
        kind: deliveries.kind,
        params: deliveries.params,
      })
      .from(deliveries)
      .where(where)
      .orderBy(deliveries.meetingId, desc(deliveries.createdAt));
  const notices = await latest(
    and(
      eq(deliveries.communityId, communityId),
      eq(deliveries.kind, 'meeting_notice'),
      inArray(deliveries.meetingId, upcoming),
    ),
  );
  const minutes = await latest(
    and(
      eq(deliveries.communityId, communityId),
      eq(deliveries.kind, 'minutes_published'),
      gte(deliveries.createdAt, since),
    ),
  );
  const missed = [...notices, ...minutes];
  if (missed.length === 0) return 0;
  return planAnnouncements(
    tx,
    deps,
    missed.map((m) => {
      const params = m.params as TemplateParams;
      const announcement: Announcement = {
        sourceId: m.sourceId,
        communityId,
        ballotId: null,
        meetingId: m.meetingId,
        kind: m.kind,
        urgent: false,
        to: 'members',
        letters: true,
        params: () => params,
      };
      return { announcement, holders };
    }),
  );
}
