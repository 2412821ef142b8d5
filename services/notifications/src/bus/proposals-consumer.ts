import {
  type EventOf,
  proposalDecided,
  proposalsEvents,
  proposalThresholdReached,
} from '@yishi/contracts';
import type { Deps } from '../context.ts';
import type { NotificationsTx } from '../db/database.ts';
import { announceDecision, announceThreshold } from '../flows/proposals.ts';
import { type RosterWaitConsumerOptions, startRosterWaitConsumer } from './roster-wait-consumer.ts';

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
export function startProposalsConsumer(options: RosterWaitConsumerOptions) {
  return startRosterWaitConsumer(options, {
    stream: 'PROPOSALS',
    durable: proposalsConsumerDurable,
    contracts: proposalsEvents,
    filterSubjects: ['proposals.>'],
    concurrency: 2,
    apply: applyProposalsEvent,
  });
}
