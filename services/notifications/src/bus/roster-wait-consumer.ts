import type { JetStreamClient } from '@nats-io/jetstream';
import { type AnyContract, type BusLogger, startConsumer } from '@yishi/bus';
import type { EventOf } from '@yishi/contracts';
import type { Deps } from '../context.ts';
import type { NotificationsTx } from '../db/database.ts';
import { rosterWaitDeliveries } from '../flows/community-holders.ts';

/** What a caller may set on a consumer of one of the civic streams (meetings, proposals). */
export interface RosterWaitConsumerOptions {
  deps: Deps;
  js: JetStreamClient;
  stream?: string;
  durable?: string;
  /** Defaults to the whole stream; tests give their own stream's subjects. */
  filterSubjects?: string[];
  /** Delay before the n-th redelivery of a failed event; the bus's default backs off to 30 s. */
  backoff?: (deliveryCount: number) => number;
  logger?: BusLogger;
}

/**
 * A durable consumer, one event per transaction, whose events wait for the community's roster:
 * `apply` plans the messages of one event inside its transaction.
 */
export function startRosterWaitConsumer<C extends AnyContract>(
  options: RosterWaitConsumerOptions,
  consumer: {
    stream: string;
    durable: string;
    contracts: readonly C[];
    filterSubjects: string[];
    concurrency: number;
    apply: (tx: NotificationsTx, deps: Deps, event: EventOf<C>) => Promise<void>;
  },
) {
  return startConsumer({
    db: options.deps.db,
    js: options.js,
    stream: options.stream ?? consumer.stream,
    durable: options.durable ?? consumer.durable,
    contracts: consumer.contracts,
    filterSubjects: options.filterSubjects ?? consumer.filterSubjects,
    concurrency: consumer.concurrency,
    // An event that overtook the community's roster is retried (backoff up to 30 s) for about
    // three minutes before it is dead-lettered.
    maxDeliver: rosterWaitDeliveries,
    ...(options.backoff ? { backoff: options.backoff } : {}),
    handle: (event, tx) => consumer.apply(tx, options.deps, event),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
