import { assertCommunityAccess, type StaffClaims } from '@yishi/auth';
import { enqueue } from '@yishi/bus';
import { meetingCancelled, meetingHeld } from '@yishi/contracts';
import { preconditionFailed } from '@yishi/errors';
import { eq } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import type { MeetingsTx } from '../db/database.ts';
import { attendance, meetings } from '../db/schema/index.ts';
import { decide } from '../domain/lifecycle.ts';
import { loadAgenda, loadMeeting, type MeetingRow } from './load.ts';
import { wrongState } from './refusals.ts';
import { meetingView } from './views.ts';

/**
 * Marks a meeting held inside `tx` (the caller holds its row lock) and publishes
 * `meetings.meeting.held`. Also used when a written assembly's ballot result arrives.
 */
export async function markHeld(
  tx: MeetingsTx,
  deps: Pick<Deps, 'now' | 'newId'>,
  meeting: MeetingRow,
  at: Date,
) {
  const [row] = await tx
    .update(meetings)
    .set({ status: 'held', heldAt: at, updatedAt: deps.now() })
    .where(eq(meetings.id, meeting.id))
    .returning();
  const attendeeCount = await tx.$count(attendance, eq(attendance.meetingId, meeting.id));
  await enqueue(
    tx,
    meetingHeld,
    {
      communityId: meeting.communityId,
      aggregateId: meeting.id,
      payload: {
        meetingId: meeting.id,
        kind: meeting.kind,
        heldAt: at.toISOString(),
        attendeeCount,
      },
    },
    deps,
  );
  return row!;
}

/**
 * Records that the meeting took place: not before it starts (for an assembly in writing, not
 * before voting closes; its ballot's result does it by itself).
 */
export async function holdMeeting(
  deps: Deps,
  { staff, communityId, meetingId }: { staff: StaffClaims; communityId: string; meetingId: string },
) {
  assertCommunityAccess(staff, communityId);
  const now = deps.now();
  const result = await deps.db.transaction(async (tx) => {
    const meeting = await loadMeeting(tx, { communityId, meetingId }, true);
    const decision = decide(meeting.status, { type: 'hold' });
    if (!decision.ok) throw wrongState(meeting.status, decision.allowedFrom);
    const from = meeting.form === 'in_writing' ? meeting.endsAt! : meeting.startsAt;
    if (now < from) {
      throw preconditionFailed(
        meeting.form === 'in_writing'
          ? { zh: '书面表决尚未截止', en: 'Voting has not closed yet' }
          : { zh: '会议尚未开始', en: 'The meeting has not started yet' },
        { details: { reason: 'not_yet', from: from.toISOString() } },
      );
    }
    const row = await markHeld(tx, deps, meeting, now);
    return meetingView(row, await loadAgenda(tx, meetingId));
  });
  deps.wakeRelay();
  return result;
}

/** Cancels a meeting that has not taken place, with a reason owners are told. */
export async function cancelMeeting(
  deps: Deps,
  {
    staff,
    communityId,
    meetingId,
    reason,
  }: { staff: StaffClaims; communityId: string; meetingId: string; reason: string },
) {
  assertCommunityAccess(staff, communityId);
  const now = deps.now();
  const result = await deps.db.transaction(async (tx) => {
    const meeting = await loadMeeting(tx, { communityId, meetingId }, true);
    const decision = decide(meeting.status, { type: 'cancel' });
    if (!decision.ok) throw wrongState(meeting.status, decision.allowedFrom);
    const [row] = await tx
      .update(meetings)
      .set({ status: decision.next, cancelledAt: now, cancelReason: reason, updatedAt: now })
      .where(eq(meetings.id, meetingId))
      .returning();
    const agenda = await loadAgenda(tx, meetingId);
    await enqueue(
      tx,
      meetingCancelled,
      {
        communityId,
        aggregateId: meetingId,
        payload: {
          meetingId,
          kind: meeting.kind,
          reason,
          noticeWasPublished: meeting.noticePublishedAt !== null,
          proposalIds: agenda.flatMap((a) => (a.proposalId ? [a.proposalId] : [])),
        },
      },
      deps,
    );
    return meetingView(row!, agenda);
  });
  deps.wakeRelay();
  return result;
}
