import {
  type EventOf,
  meetingCancelled,
  meetingNoticePublished,
  meetingsEvents,
  minutesPublished,
} from '@yishi/contracts';
import type { Deps } from '../context.ts';
import type { NotificationsTx } from '../db/database.ts';
import { announceCancellation, announceMeeting, announceMinutes } from '../flows/meetings.ts';
import { type RosterWaitConsumerOptions, startRosterWaitConsumer } from './roster-wait-consumer.ts';

export type MeetingsEvent = EventOf<(typeof meetingsEvents)[number]>;

export const meetingsConsumerDurable = 'notifications-meetings';

type FlowDeps = Pick<Deps, 'channels' | 'config' | 'newId' | 'now'>;

/**
 * Applies one meetings event inside `tx` (which also records it as processed): the notice, a
 * cancellation and the minutes plan their messages; the other events send nothing.
 */
export async function applyMeetingsEvent(
  tx: NotificationsTx,
  deps: FlowDeps,
  event: MeetingsEvent,
): Promise<void> {
  switch (event.type) {
    case meetingNoticePublished.type:
      return announceMeeting(tx, deps, event);
    case meetingCancelled.type:
      return announceCancellation(tx, deps, event);
    case minutesPublished.type:
      return announceMinutes(tx, deps, event);
    default:
      return;
  }
}

/**
 * The durable consumer of the MEETINGS stream, one event per transaction and one at a time (a
 * notice and its cancellation in their order; each also copes with the other order).
 */
export function startMeetingsConsumer(options: RosterWaitConsumerOptions) {
  return startRosterWaitConsumer(options, {
    stream: 'MEETINGS',
    durable: meetingsConsumerDurable,
    contracts: meetingsEvents,
    filterSubjects: ['meetings.>'],
    concurrency: 1,
    apply: applyMeetingsEvent,
  });
}
