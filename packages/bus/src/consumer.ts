import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerMessages,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamClient,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { EventEnvelope, EventOf } from '@yishi/contracts';
import type { Db, Schema, Tx } from '@yishi/db';
import { type AnyContract, contractKey } from './contract.ts';
import { errorMessage } from './errors.ts';
import { handleMessage, type MessageContext } from './handle-message.ts';
import { type BusLogger, silentLogger } from './logger.ts';
import { Waker } from './waker.ts';

export interface ConsumerOptions<C extends AnyContract, S extends Schema> {
  db: Db<S>;
  js: JetStreamClient;
  stream: string;
  /** Durable consumer name, shared by every replica of the service; also the inbox key. */
  durable: string;
  /** Subjects to receive. Default: the contracts' subjects. Several need nats-server 2.10+. */
  filterSubjects?: string[];
  /** The events (type and version) this consumer understands; others are dead-lettered. */
  contracts: readonly C[];
  /**
   * Applies one event inside `tx`, which also records it as processed. Throw to retry later;
   * throw an AppError that is not retryable (`notFound`, `preconditionFailed`, ...) to
   * dead-letter the event at once.
   */
  handle: (event: EventOf<C>, tx: Tx<S>) => Promise<void>;
  /** Deliveries before a failing event is dead-lettered. Default 5. */
  maxDeliver?: number;
  /** Events processed at once. Default 8; use 1 where the order of events matters. */
  concurrency?: number;
  /** Time to ack before JetStream redelivers. Default 30 s. */
  ackWaitMs?: number;
  /** Retry delay after the n-th failed delivery. Default 500 ms doubling up to 30 s. */
  backoff?: (deliveryCount: number) => number;
  logger?: BusLogger;
}

/** A running consumer. */
export interface RunningConsumer {
  /** Stops pulling, waits for the events in flight to commit and be acknowledged. */
  stop(): Promise<void>;
}

const defaultBackoff = (n: number) => Math.min(500 * 2 ** (n - 1), 30_000);

/**
 * Creates (or updates) a durable pull consumer and processes its events exactly once in
 * effect: each event's inbox row and effect commit together, the ack follows the commit, and
 * redeliveries are skipped. Unreadable or invalid events and events that keep failing are
 * terminated and recorded in `dead_letters`. Reconnects and resumes after errors.
 *
 * @example
 * const consumer = await startConsumer({
 *   db, js, stream: 'BALLOTS', durable: 'notifications-ballot-closed',
 *   contracts: [ballotClosed],
 *   handle: async (event, tx) => { await tx.insert(deliveries).values(...) },
 * });
 * process.once('SIGTERM', () => consumer.stop());
 */
export async function startConsumer<C extends AnyContract, S extends Schema>(
  options: ConsumerOptions<C, S>,
): Promise<RunningConsumer> {
  const { js, stream, durable, concurrency = 8, maxDeliver = 5 } = options;
  const logger = options.logger ?? silentLogger;
  await ensureDurable(options, maxDeliver);
  const ctx: MessageContext<S> = {
    db: options.db,
    stream,
    durable,
    contracts: new Map(options.contracts.map((c) => [contractKey(c), c as AnyContract])),
    handle: options.handle as (event: EventEnvelope, tx: Tx<S>) => Promise<void>,
    maxDeliver,
    backoff: options.backoff ?? defaultBackoff,
    logger,
  };

  const inFlight = new Set<Promise<void>>();
  const waker = new Waker();
  let stopping = false;
  let messages: ConsumerMessages | undefined;

  const dispatch = (msg: JsMsg) => {
    const work = handleMessage(ctx, msg)
      .catch((err) => logger.error({ err: errorMessage(err) }, 'event processing crashed'))
      .finally(() => {
        inFlight.delete(work);
        waker.wake();
      });
    inFlight.add(work);
  };

  const loop = (async () => {
    while (!stopping) {
      try {
        const consumer = await js.consumers.get(stream, durable);
        messages = await consumer.consume({ max_messages: concurrency });
        // stop() may have run while the subscription was being set up.
        if (stopping) await messages.close();
        for await (const msg of messages) {
          while (inFlight.size >= concurrency && !stopping) await waker.wait(1_000);
          // Left over in the buffer after stop(): hand it back for another replica.
          if (stopping) msg.nak();
          else dispatch(msg);
        }
      } catch (err) {
        logger.error({ stream, durable, err: errorMessage(err) }, 'consumer failed; restarting');
      }
      if (!stopping) await waker.wait(1_000);
    }
  })();

  return {
    async stop() {
      stopping = true;
      waker.wake();
      await messages?.close();
      await loop;
      await Promise.all(inFlight);
    },
  };
}

async function ensureDurable<C extends AnyContract, S extends Schema>(
  options: ConsumerOptions<C, S>,
  maxDeliver: number,
): Promise<void> {
  const subjects = options.filterSubjects ?? [...new Set(options.contracts.map((c) => c.subject))];
  const config: Partial<ConsumerConfig> = {
    ack_wait: nanos(options.ackWaitMs ?? 30_000),
    // One delivery more than maxDeliver so that a message that never got an outcome (the
    // process died each time) comes back once more to be dead-lettered, not dropped silently.
    max_deliver: maxDeliver + 1,
    ...(subjects.length === 1 ? { filter_subject: subjects[0] } : { filter_subjects: subjects }),
  };
  const jsm = await options.js.jetstreamManager();
  try {
    await jsm.consumers.info(options.stream, options.durable);
  } catch (err) {
    if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound)) {
      throw err;
    }
    await jsm.consumers.add(options.stream, {
      ...config,
      durable_name: options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
    });
    return;
  }
  await jsm.consumers.update(options.stream, options.durable, config);
}
