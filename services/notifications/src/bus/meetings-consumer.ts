import type { JetStreamClient } from '@nats-io/jetstream';
import { type BusLogger, startConsumer } from '@yishi/bus';
import {
  type EventOf,
  meetingCancelled,
  meetingNoticePublished,
  meetingsEvents,
  minutesPublished,
} from '@yishi/contracts';
import type { Deps } from '../context.ts';
import type { NotificationsTx } from '../db/database.ts';
import { rosterWaitDeliveries } from '../flows/community-holders.ts';
import { announceCancellation, announceMeeting, announceMinutes } from '../flows/meetings.ts';

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
export function startMeetingsConsumer(options: {
  deps: Deps;
  js: JetStreamClient;
  stream?: string;
  durable?: string;
  /** Defaults to the whole stream, `meetings.>`; tests give their own stream's subjects. */
  filterSubjects?: string[];
  /** Delay before the n-th redelivery of a failed event; the bus's default backs off to 30 s. */
  backoff?: (deliveryCount: number) => number;
  logger?: BusLogger;
}) {
  return startConsumer({
    db: options.deps.db,
    js: options.js,
    stream: options.stream ?? 'MEETINGS',
    durable: options.durable ?? meetingsConsumerDurable,
    contracts: meetingsEvents,
    filterSubjects: options.filterSubjects ?? ['meetings.>'],
    concurrency: 1,
    // An event that overtook the community's roster is retried (backoff up to 30 s) for about
    // three minutes before it is dead-lettered.
    maxDeliver: rosterWaitDeliveries,
    ...(options.backoff ? { backoff: options.backoff } : {}),
    handle: (event, tx) => applyMeetingsEvent(tx, options.deps, event as MeetingsEvent),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
