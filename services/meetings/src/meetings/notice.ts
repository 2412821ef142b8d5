import { randomInt } from 'node:crypto';
import { assertCommunityAccess, type StaffClaims } from '@yishi/auth';
import { enqueue } from '@yishi/bus';
import { assemblyBallotRequested, meetingNoticePublished } from '@yishi/contracts';
import { checkNoticePeriod } from '@yishi/domain';
import { preconditionFailed } from '@yishi/errors';
import { eq } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import { agendaItems, meetings } from '../db/schema/index.ts';
import { assemblyBallotId, assemblyMatterId } from '../domain/ids.ts';
import { decide } from '../domain/lifecycle.ts';
import { loadAgenda, loadMeeting } from './load.ts';
import { noticeTooShort, wrongState } from './refusals.ts';
import { meetingView } from './views.ts';

// No 0/O, 1/I/L: read aloud or typed from a poster without mistakes.
const codeAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A fresh check-in code (8 characters, about 40 bits): shown at the door as a QR code. */
export function newCheckInCode(): string {
  return Array.from({ length: 8 }, () => codeAlphabet[randomInt(codeAlphabet.length)]).join('');
}

/**
 * Publishes the notice with its topics: owners see the meeting, notifications sends the notice,
 * proposals on the agenda move on. For an owners' assembly the date must leave 15 full days
 * after today (RULES.md §5), else nothing changes and the earliest valid date is answered. An
 * assembly in writing asks the ballots service for its ballot in the same transaction.
 */
export async function publishNotice(
  deps: Deps,
  { staff, communityId, meetingId }: { staff: StaffClaims; communityId: string; meetingId: string },
) {
  assertCommunityAccess(staff, communityId);
  const now = deps.now();
  const result = await deps.db.transaction(async (tx) => {
    const meeting = await loadMeeting(tx, { communityId, meetingId }, true);
    const decision = decide(meeting.status, { type: 'publish_notice' });
    if (!decision.ok) throw wrongState(meeting.status, decision.allowedFrom);
    const agenda = await loadAgenda(tx, meetingId);
    if (agenda.length === 0) {
      throw preconditionFailed(
        {
          zh: '会议通知须列明议题，请先添加议题',
          en: 'A notice lists its topics; add agenda items first',
        },
        { details: { reason: 'agenda_empty' } },
      );
    }
    if (meeting.kind === 'owners_assembly') {
      const check = checkNoticePeriod({ noticeGivenAt: now, votingStartsAt: meeting.startsAt });
      if (!check.ok) throw noticeTooShort(check, false);
    }
    const written = meeting.form === 'in_writing';
    const ballotId = written ? assemblyBallotId(meetingId) : null;
    const matters = written ? agenda.filter((a) => a.item !== null) : [];
    for (const a of matters) {
      a.matterId = assemblyMatterId(meetingId, a.id);
      await tx.update(agendaItems).set({ matterId: a.matterId }).where(eq(agendaItems.id, a.id));
    }
    const [row] = await tx
      .update(meetings)
      .set({
        status: decision.next,
        noticePublishedAt: now,
        checkInCode: written ? null : newCheckInCode(),
        ballotId,
        updatedAt: now,
      })
      .where(eq(meetings.id, meetingId))
      .returning();
    const base = { communityId, aggregateId: meetingId };
    await enqueue(
      tx,
      meetingNoticePublished,
      {
        ...base,
        payload: {
          meetingId,
          kind: meeting.kind,
          form: meeting.form,
          title: meeting.title,
          startsAt: meeting.startsAt.toISOString(),
          endsAt: meeting.endsAt?.toISOString() ?? null,
          place: meeting.place,
          organiser: meeting.organiser,
          noticePublishedAt: now.toISOString(),
          agenda: agenda.map((a) => ({
            agendaItemId: a.id,
            position: a.position,
            title: a.title,
            proposalId: a.proposalId,
            item: a.item,
          })),
        },
      },
      deps,
    );
    if (ballotId && meeting.endsAt) {
      await enqueue(
        tx,
        assemblyBallotRequested,
        {
          ...base,
          payload: {
            meetingId,
            ballotId,
            title: meeting.title,
            description: meeting.description,
            noticeGivenAt: now.toISOString(),
            window: {
              opensAt: meeting.startsAt.toISOString(),
              closesAt: meeting.endsAt.toISOString(),
            },
            scope: { kind: 'estate' },
            requestedBy: staff.sub,
            matters: matters.map((a, index) => ({
              agendaItemId: a.id,
              matterId: a.matterId!,
              position: index + 1,
              item: a.item!,
              title: a.title,
              body: a.description,
              proposalId: a.proposalId,
            })),
          },
        },
        deps,
      );
    }
    return meetingView(row!, agenda);
  });
  deps.wakeRelay();
  return result;
}
