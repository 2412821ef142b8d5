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
  progressSummarized,
  quorumAtRisk,
  quorumReached,
  resultPublished,
  voteCast,
  type voteCastV1,
} from '@yishi/contracts';
import { and, eq, inArray } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import type { NotificationsTx } from '../db/database.ts';
import { ballots, deliveries, votesCast } from '../db/schema/index.ts';
import { announceLink, announceLinks } from '../flows/ballot-opened.ts';
import { announceResults } from '../flows/results-published.ts';
import { alertQuorumAtRisk, alertQuorumReached, summarizeProgress } from '../flows/staff-alerts.ts';

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
    case quorumReached.type:
      return alertQuorumReached(tx, deps, event);
    case quorumAtRisk.type:
      return alertQuorumAtRisk(tx, deps, event);
    case progressSummarized.type:
      return summarizeProgress(tx, deps, event);
    case voteCast.type:
      return recordVotes(tx, [event]);
  }
}

type CredentialIssued = EventOf<typeof credentialIssued>;
type VoteCast = EventOf<typeof voteCast> | EventOf<typeof voteCastV1>;

/**
 * Applies a batch of ballots events inside `tx`, in their order: runs of credentials and of
 * votes (nearly all the traffic) set-based, the rare ballot lifecycle events one by one.
 */
export async function applyBallotsEvents(
  tx: NotificationsTx,
  deps: FlowDeps,
  events: readonly BallotsEvent[],
): Promise<void> {
  for (const run of runsOfOneType(events)) {
    const type = run[0]!.type;
    if (type === credentialIssued.type) await announceLinks(tx, deps, run as CredentialIssued[]);
    else if (type === voteCast.type) await recordVotes(tx, run as VoteCast[]);
    else for (const event of run) await applyBallotsEvent(tx, deps, event);
  }
}

function runsOfOneType(events: readonly BallotsEvent[]): BallotsEvent[][] {
  const runs: BallotsEvent[][] = [];
  for (const event of events) {
    const last = runs.at(-1);
    if (last && last[0]!.type === event.type) last.push(event);
    else runs.push([event]);
  }
  return runs;
}

/** Who voted, from either version of `ballots.vote.cast` (v1: one owner, v2: several). */
async function recordVotes(tx: NotificationsTx, events: readonly VoteCast[]) {
  const rows = events.flatMap((e) => {
    const castAt = new Date(e.occurredAt);
    const { ballotId } = e.payload;
    return e.version === 1
      ? [{ ballotId, holderKey: e.payload.holderKey, castAt }]
      : e.payload.votes.map((v) => ({ ballotId, holderKey: v.holderKey, castAt }));
  });
  // 3 parameters a row.
  for (let start = 0; start < rows.length; start += 5_000) {
    await tx
      .insert(votesCast)
      .values(rows.slice(start, start + 5_000))
      .onConflictDoNothing();
  }
}

/**
 * The durable consumer of the BALLOTS stream, in batches (one transaction per batch of up to
 * `batchSize` events, 200 by default); events are independent, so several batches at once
 * (`concurrency`, 8 by default).
 */
export function startBallotsConsumer(options: {
  deps: Deps;
  js: JetStreamClient;
  stream?: string;
  durable?: string;
  /** Defaults to the whole stream, `ballots.>`; tests give their own stream's subjects. */
  filterSubjects?: string[];
  concurrency?: number;
  batchSize?: number;
  ackWaitMs?: number;
  logger?: BusLogger;
}) {
  return startConsumer({
    db: options.deps.db,
    js: options.js,
    stream: options.stream ?? 'BALLOTS',
    durable: options.durable ?? ballotsConsumerDurable,
    contracts: ballotsEvents,
    filterSubjects: options.filterSubjects ?? ['ballots.>'],
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    handleBatch: (events, tx) => applyBallotsEvents(tx, options.deps, events as BallotsEvent[]),
    ...(options.ackWaitMs ? { ackWaitMs: options.ackWaitMs } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
