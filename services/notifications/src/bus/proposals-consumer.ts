import type { JetStreamClient } from '@nats-io/jetstream';
import { type BusLogger, startConsumer } from '@yishi/bus';
import {
  type EventOf,
  proposalDecided,
  proposalsEvents,
  proposalThresholdReached,
} from '@yishi/contracts';
import type { Deps } from '../context.ts';
import type { NotificationsTx } from '../db/database.ts';
import { rosterWaitDeliveries } from '../flows/community-holders.ts';
import { announceDecision, announceThreshold } from '../flows/proposals.ts';

export type ProposalsEvent = EventOf<(typeof proposalsEvents)[number]>;

export const proposalsConsumerDurable = 'notifications-proposals';

type FlowDeps = Pick<Deps, 'channels' | 'config' | 'newId' | 'now'>;

/**
 * Applies one proposals event inside `tx` (which also records it as processed): the threshold
 * and the decision plan their messages; co-signatures, comments, wishes and ledger entries send
 * nothing (they are on the proposal's page).
 */
export async function applyProposalsEvent(
  tx: NotificationsTx,
  deps: FlowDeps,
  event: ProposalsEvent,
): Promise<void> {
  switch (event.type) {
    case proposalThresholdReached.type:
      return announceThreshold(tx, deps, event);
    case proposalDecided.type:
      return announceDecision(tx, deps, event);
    default:
      return;
  }
}

/** The durable consumer of the PROPOSALS stream, one event per transaction. */
export function startProposalsConsumer(options: {
  deps: Deps;
  js: JetStreamClient;
  stream?: string;
  durable?: string;
  /** Defaults to the whole stream, `proposals.>`; tests give their own stream's subjects. */
  filterSubjects?: string[];
  /** Delay before the n-th redelivery of a failed event; the bus's default backs off to 30 s. */
  backoff?: (deliveryCount: number) => number;
  logger?: BusLogger;
}) {
  return startConsumer({
    db: options.deps.db,
    js: options.js,
    stream: options.stream ?? 'PROPOSALS',
    durable: options.durable ?? proposalsConsumerDurable,
    contracts: proposalsEvents,
    filterSubjects: options.filterSubjects ?? ['proposals.>'],
    concurrency: 2,
    // An event that overtook the community's roster is retried (backoff up to 30 s) for about
    // three minutes before it is dead-lettered.
    maxDeliver: rosterWaitDeliveries,
    ...(options.backoff ? { backoff: options.backoff } : {}),
    handle: (event, tx) => applyProposalsEvent(tx, options.deps, event as ProposalsEvent),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
