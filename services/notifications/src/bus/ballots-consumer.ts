import type { JetStreamClient } from '@nats-io/jetstream';
import { type BusLogger, startConsumer } from '@yishi/bus';
import {
  ballotCancelled,
  ballotClosed,
  ballotExtended,
  ballotOpened,
  ballotsEvents,
  credentialIssued,
  type EventOf,
  resultPublished,
  voteCast,
} from '@yishi/contracts';
import { and, eq, inArray } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import type { NotificationsTx } from '../db/database.ts';
import { ballots, deliveries, votesCast } from '../db/schema/index.ts';
import { announceLink } from '../flows/ballot-opened.ts';
import { announceResults } from '../flows/results-published.ts';

export type BallotsEvent = EventOf<(typeof ballotsEvents)[number]>;

export const ballotsConsumerDurable = 'notifications-ballots';

type FlowDeps = Pick<Deps, 'channels' | 'config' | 'newId' | 'now'>;

/**
 * Applies one ballots event inside `tx` (which also records it as processed): keeps ballot
 * windows and who voted, and plans the deliveries of the flows. Order-independent where events
 * of one transaction may arrive in any order (a ballot's opening and its credentials).
 */
export async function applyBallotsEvent(
  tx: NotificationsTx,
  deps: FlowDeps,
  event: BallotsEvent,
): Promise<void> {
  const at = new Date(event.occurredAt);
  switch (event.type) {
    case ballotOpened.type: {
      const p = event.payload;
      await tx
        .insert(ballots)
        .values({
          ballotId: p.ballotId,
          communityId: event.communityId,
          status: 'open',
          opensAt: new Date(p.opensAt),
          closesAt: new Date(p.closesAt),
          updatedAt: at,
        })
        .onConflictDoNothing();
      return;
    }
    case credentialIssued.type:
      return announceLink(tx, deps, event);
    case ballotExtended.type:
      await tx
        .update(ballots)
        .set({ status: 'extended', closesAt: new Date(event.payload.closesAt), updatedAt: at })
        .where(
          and(
            eq(ballots.ballotId, event.payload.ballotId),
            inArray(ballots.status, ['open', 'extended']),
          ),
        );
      return;
    case ballotClosed.type:
      await tx
        .update(ballots)
        .set({ status: 'closed', updatedAt: at })
        .where(
          and(
            eq(ballots.ballotId, event.payload.ballotId),
            inArray(ballots.status, ['open', 'extended']),
          ),
        );
      return;
    case ballotCancelled.type:
      await tx
        .update(ballots)
        .set({ status: 'cancelled', updatedAt: at })
        .where(eq(ballots.ballotId, event.payload.ballotId));
      // Links and reminders of a cancelled ballot would only mislead.
      await tx
        .update(deliveries)
        .set({ status: 'skipped', lastError: 'ballot cancelled', updatedAt: deps.now() })
        .where(
          and(
            eq(deliveries.ballotId, event.payload.ballotId),
            eq(deliveries.status, 'queued'),
            inArray(deliveries.kind, ['ballot_opened', 'link_reissued', 'reminder']),
          ),
        );
      return;
    case resultPublished.type:
      return announceResults(tx, deps, event);
    case voteCast.type:
      await tx
        .insert(votesCast)
        .values({
          ballotId: event.payload.ballotId,
          holderKey: event.payload.holderKey,
          castAt: at,
        })
        .onConflictDoNothing();
      return;
  }
}

/** The durable consumer of the BALLOTS stream; events are independent, so several at once. */
export function startBallotsConsumer(options: {
  deps: Deps;
  js: JetStreamClient;
  stream?: string;
  durable?: string;
  concurrency?: number;
  ackWaitMs?: number;
  logger?: BusLogger;
}) {
  return startConsumer({
    db: options.deps.db,
    js: options.js,
    stream: options.stream ?? 'BALLOTS',
    durable: options.durable ?? ballotsConsumerDurable,
    contracts: ballotsEvents,
    filterSubjects: ['ballots.>'],
    concurrency: options.concurrency ?? 32,
    handle: (event, tx) => applyBallotsEvent(tx, options.deps, event as BallotsEvent),
    ...(options.ackWaitMs ? { ackWaitMs: options.ackWaitMs } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
