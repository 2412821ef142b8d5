import type {
  EventOf,
  meetingCancelled,
  meetingNoticePublished,
  minutesPublished,
} from '@yishi/contracts';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import type { NotificationsTx } from '../db/database.ts';
import { deliveries, meetings } from '../db/schema/index.ts';
import type { TemplateParams } from '../templates/templates.ts';
import { lockCommunityRoster } from './catch-up.ts';
import { communityHolders, holdersOfKeys } from './community-holders.ts';
import { communityName } from './community-name.ts';
import { type Announcement, type Holder, planDeliveries } from './plan.ts';

type FlowDeps = Pick<Deps, 'channels' | 'config' | 'newId' | 'now'>;

/** The web's public page of a meeting. */
export const meetingPageOf = (webBaseUrl: string, meetingId: string) =>
  `${webBaseUrl.replace(/\/$/, '')}/m/${meetingId}`;

/**
 * Owner-facing meeting messages go to every member of each owner key who can be reached (each
 * owner may attend), on their channel; a key nobody can be reached at gets a printed letter
 * (listed by `GET …/meetings/{id}/letters`), and every key an inbox message. Never urgent:
 * quiet hours hold SMS until the morning.
 */
function meetingAnnouncement(
  event: { id: string; communityId: string },
  meetingId: string,
  kind: Announcement['kind'],
  params: TemplateParams,
): Announcement {
  return {
    sourceId: event.id,
    communityId: event.communityId,
    ballotId: null,
    meetingId,
    kind,
    urgent: false,
    to: 'members',
    letters: true,
    params: () => params,
  };
}

/** The notice was published: every owner of the community gets it with time, place and topics. */
export async function announceMeeting(
  tx: NotificationsTx,
  deps: FlowDeps,
  event: EventOf<typeof meetingNoticePublished>,
): Promise<void> {
  const p = event.payload;
  await lockCommunityRoster(tx, event.communityId);
  const values = {
    communityId: event.communityId,
    kind: p.kind,
    form: p.form,
    title: p.title,
    startsAt: new Date(p.startsAt),
    endsAt: p.endsAt ? new Date(p.endsAt) : null,
    place: p.place,
    updatedAt: new Date(event.occurredAt),
  };
  // A cancellation that overtook its notice stays a cancellation, and sends no notice.
  const [row] = await tx
    .insert(meetings)
    .values({ meetingId: p.meetingId, ...values, status: 'announced' })
    .onConflictDoUpdate({ target: meetings.meetingId, set: values })
    .returning({ status: meetings.status });
  if (row?.status === 'cancelled') return;
  const community = await communityName(tx, event.communityId);
  const topics = [...p.agenda].sort((a, b) => a.position - b.position).map((a) => a.title);
  await planDeliveries(
    tx,
    deps,
    meetingAnnouncement(event, p.meetingId, 'meeting_notice', {
      ...(community ? { community } : {}),
      title: p.title,
      meetingKind: p.kind,
      form: p.form,
      startsAt: p.startsAt,
      ...(p.endsAt ? { endsAt: p.endsAt } : {}),
      place: p.place,
      topics: JSON.stringify(topics),
      pageLink: meetingPageOf(deps.config.webBaseUrl, p.meetingId),
    }),
    await communityHolders(tx, event.communityId),
  );
}

/**
 * A meeting was cancelled: notices still queued are skipped, and when owners had been notified
 * the owner keys that got the notice are told it is off (everyone in the community, if this
 * service never saw the notice).
 */
export async function announceCancellation(
  tx: NotificationsTx,
  deps: FlowDeps,
  event: EventOf<typeof meetingCancelled>,
): Promise<void> {
  const p = event.payload;
  await lockCommunityRoster(tx, event.communityId);
  const at = new Date(event.occurredAt);
  const [meeting] = await tx
    .insert(meetings)
    .values({
      meetingId: p.meetingId,
      communityId: event.communityId,
      kind: p.kind,
      form: 'in_person',
      title: '',
      startsAt: at,
      place: '',
      status: 'cancelled',
      updatedAt: at,
    })
    .onConflictDoUpdate({ target: meetings.meetingId, set: { status: 'cancelled', updatedAt: at } })
    .returning();
  await tx
    .update(deliveries)
    .set({ status: 'skipped', lastError: 'meeting cancelled', updatedAt: deps.now() })
    .where(
      and(
        eq(deliveries.meetingId, p.meetingId),
        eq(deliveries.kind, 'meeting_notice'),
        eq(deliveries.status, 'queued'),
      ),
    );
  if (!p.noticeWasPublished) return;
  const notified = await tx
    .selectDistinct({ holderKey: deliveries.holderKey })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.meetingId, p.meetingId),
        eq(deliveries.kind, 'meeting_notice'),
        isNotNull(deliveries.holderKey),
      ),
    );
  const holders: Holder[] =
    notified.length > 0
      ? await holdersOfKeys(
          tx,
          event.communityId,
          notified.map((n) => n.holderKey!),
        )
      : await communityHolders(tx, event.communityId);
  const community = await communityName(tx, event.communityId);
  const announced = meeting && meeting.title !== '';
  await planDeliveries(
    tx,
    deps,
    meetingAnnouncement(event, p.meetingId, 'meeting_cancelled', {
      ...(community ? { community } : {}),
      meetingKind: p.kind,
      ...(announced ? { title: meeting.title, startsAt: meeting.startsAt.toISOString() } : {}),
      reason: p.reason,
      pageLink: meetingPageOf(deps.config.webBaseUrl, p.meetingId),
    }),
    holders,
  );
}

/** The minutes and decisions were published: every owner of the community is told. */
export async function announceMinutes(
  tx: NotificationsTx,
  deps: FlowDeps,
  event: EventOf<typeof minutesPublished>,
): Promise<void> {
  const p = event.payload;
  await lockCommunityRoster(tx, event.communityId);
  const [meeting] = await tx
    .select({ title: meetings.title })
    .from(meetings)
    .where(eq(meetings.meetingId, p.meetingId));
  const community = await communityName(tx, event.communityId);
  const count = (outcome: string) =>
    String(p.decisions.filter((d) => d.outcome === outcome).length);
  await planDeliveries(
    tx,
    deps,
    meetingAnnouncement(event, p.meetingId, 'minutes_published', {
      ...(community ? { community } : {}),
      meetingKind: p.kind,
      ...(meeting?.title ? { title: meeting.title } : {}),
      decided: count('decided'),
      notDecided: count('not_decided'),
      pageLink: meetingPageOf(deps.config.webBaseUrl, p.meetingId),
    }),
    await communityHolders(tx, event.communityId),
  );
}
