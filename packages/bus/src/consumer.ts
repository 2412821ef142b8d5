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
import { type Admitted, type BatchHandler, handleBatch } from './handle-batch.ts';
import { check, deadLetter, handleMessage, type MessageContext } from './handle-message.ts';
import { type BusLogger, silentLogger } from './logger.ts';
import { Waker } from './waker.ts';

export interface CommonConsumerOptions<C extends AnyContract, S extends Schema> {
  db: Db<S>;
  js: JetStreamClient;
  stream: string;
  /** Durable consumer name, shared by every replica of the service; also the inbox key. */
  durable: string;
  /** Subjects to receive. Default: the contracts' subjects. Several need nats-server 2.10+. */
  filterSubjects?: string[];
  /** The events (type and version) this consumer understands; others are dead-lettered. */
  contracts: readonly C[];
  /** Deliveries before a failing event is dead-lettered. Default 5. */
  maxDeliver?: number;
  /**
   * Events (with `handleBatch`: batches) processed at once. Default 8; use 1 where the order
   * of events matters.
   */
  concurrency?: number;
  /** Time to ack before JetStream redelivers. Default 30 s. */
  ackWaitMs?: number;
  /** Retry delay after the n-th failed delivery. Default 500 ms doubling up to 30 s. */
  backoff?: (deliveryCount: number) => number;
  logger?: BusLogger;
}

/** One event per transaction. */
export interface SingleEventOptions<C extends AnyContract, S extends Schema> {
  /**
   * Applies one event inside `tx`, which also records it as processed. Throw to retry later;
   * throw an AppError that is not retryable (`notFound`, `preconditionFailed`, ...) to
   * dead-letter the event at once.
   */
  handle: (event: EventOf<C>, tx: Tx<S>) => Promise<void>;
  handleBatch?: never;
  batchSize?: never;
  batchWaitMs?: never;
}

/** Many events per transaction. */
export interface BatchOptions<C extends AnyContract, S extends Schema> {
  /**
   * Applies a batch of events inside `tx`, which also records them as processed: only events
   * not processed before, each once, in delivery order. Write set-based SQL (one lookup, one
   * multi-row insert for the batch). When it throws, the batch's events are retried one by one
   * (`handleBatch([event], tx)`), with the retry and dead-letter rules of `handle`.
   */
  handleBatch: (events: EventOf<C>[], tx: Tx<S>) => Promise<void>;
  handle?: never;
  /** Most events in one batch (and one transaction). Default 200, at most 10,000. */
  batchSize?: number;
  /** How long a batch that is not full waits for more events. Default 20 ms. */
  batchWaitMs?: number;
}

export type ConsumerOptions<C extends AnyContract, S extends Schema> = CommonConsumerOptions<C, S> &
  (SingleEventOptions<C, S> | BatchOptions<C, S>);

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
 * With `handle`, each event has its own transaction. With `handleBatch`, valid events are
 * gathered up to `batchSize` or for `batchWaitMs`; one transaction claims their inbox rows in
 * one statement and applies those claimed now, then every message of the batch is
 * acknowledged (a few round trips per batch instead of about ten per event). Invalid events
 * are dead-lettered one by one; if the batch's transaction fails, its events are processed
 * one by one, so a poison event is retried and dead-lettered alone.
 *
 * @example
 * const consumer = await startConsumer({
 *   db, js, stream: 'BALLOTS', durable: 'notifications-ballot-closed',
 *   contracts: [ballotClosed],
 *   handle: async (event, tx) => { await tx.insert(deliveries).values(...) },
 * });
 * process.once('SIGTERM', () => consumer.stop());
 *
 * @example
 * // Batch mode: one transaction and one multi-row insert per batch.
 * await startConsumer({
 *   db, js, stream: 'BALLOTS', durable: 'notifications-votes', contracts: [voteCast],
 *   batchSize: 500,
 *   handleBatch: async (events, tx) => {
 *     await tx.insert(votesCast).values(events.map((e) => ({ ... }))).onConflictDoNothing();
 *   },
 * });
 */
export async function startConsumer<C extends AnyContract, S extends Schema>(
  options: ConsumerOptions<C, S>,
): Promise<RunningConsumer> {
  const { js, stream, durable, concurrency = 8, maxDeliver = 5 } = options;
  const logger = options.logger ?? silentLogger;
  const batchHandler = options.handleBatch as BatchHandler<S> | undefined;
  const single = options.handle as ((event: EventEnvelope, tx: Tx<S>) => Promise<void>) | undefined;
  if ((batchHandler === undefined) === (single === undefined)) {
    throw new TypeError('startConsumer needs exactly one of handle and handleBatch');
  }
  const batchSize = options.batchSize ?? 200;
  const batchWaitMs = options.batchWaitMs ?? 20;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new RangeError(`batchSize must be an integer from 1 to 10,000, not ${batchSize}`);
  }
  await ensureDurable(options, maxDeliver);
  const ctx: MessageContext<S> = {
    db: options.db,
    stream,
    durable,
    contracts: new Map(options.contracts.map((c) => [contractKey(c), c as AnyContract])),
    handle: single ?? ((event, tx) => batchHandler!([event], tx)),
    maxDeliver,
    backoff: options.backoff ?? defaultBackoff,
    logger,
  };

  const inFlight = new Set<Promise<void>>();
  const waker = new Waker();
  let stopping = false;
  let messages: ConsumerMessages | undefined;

  const track = (task: Promise<void>) => {
    const work = task
      .catch((err) => logger.error({ err: errorMessage(err) }, 'event processing crashed'))
      .finally(() => {
        inFlight.delete(work);
        if (batch.due) startBatch();
        waker.wake();
      });
    inFlight.add(work);
  };

  // Batch mode: admitted messages wait in `batch.pending` until the batch is full or its wait
  // is over (`due`), and start only while fewer than `concurrency` tasks run, so that with
  // concurrency 1 batches (and dead letters) still go one after the other, in order.
  const batch = {
    pending: [] as Admitted[],
    due: false,
    timer: undefined as NodeJS.Timeout | undefined,
  };
  function startBatch() {
    clearTimeout(batch.timer);
    batch.timer = undefined;
    batch.due = batch.pending.length > 0;
    if (!batch.due || inFlight.size >= concurrency) return;
    const taken = batch.pending.splice(0, batchSize);
    batch.due = batch.pending.length > 0;
    track(handleBatch(ctx, batchHandler!, taken));
  }

  const dispatch = (msg: JsMsg) => {
    if (!batchHandler) return track(handleMessage(ctx, msg));
    const checked = check(msg, ctx.contracts, maxDeliver);
    if (!checked.ok) return track(deadLetter(ctx, msg, checked.reason, checked.eventId));
    batch.pending.push({ msg, event: checked.event });
    if (batch.pending.length >= batchSize) startBatch();
    else batch.timer ??= setTimeout(startBatch, batchWaitMs);
  };
  const busy = () =>
    batchHandler ? batch.pending.length >= batchSize : inFlight.size >= concurrency;

  const loop = (async () => {
    while (!stopping) {
      try {
        const consumer = await js.consumers.get(stream, durable);
        messages = await consumer.consume({
          max_messages: batchHandler ? batchSize * concurrency : concurrency,
        });
        // stop() may have run while the subscription was being set up.
        if (stopping) await messages.close();
        for await (const msg of messages) {
          while (busy() && !stopping) await waker.wait(1_000);
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
      // Admitted messages still waiting for their batch are processed, not dropped.
      startBatch();
      while (inFlight.size > 0) await Promise.race(inFlight);
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
