import type { JetStreamClient } from '@nats-io/jetstream';
import type { EventEnvelope } from '@yishi/contracts';
import type { Db, Schema } from '@yishi/db';
import { eq, sql } from 'drizzle-orm';
import { errorMessage } from './errors.ts';
import { type BusLogger, silentLogger } from './logger.ts';
import { publishBatch } from './publish-batch.ts';
import { outbox } from './schema.ts';
import { Waker } from './waker.ts';

export interface RelayOptions<S extends Schema> {
  db: Db<S>;
  js: JetStreamClient;
  /** Rows locked and published per transaction. Default 500 (about 14,000 events/s here, against 6,400 at 100; see bench/relay.bench.ts). */
  batchSize?: number;
  /** Pause when the outbox is empty. Default 200 ms; `wake()` cuts it short. */
  pollIntervalMs?: number;
  /** Longest pause after rounds where nothing could be published (doubling). Default 10 s. */
  maxBackoffMs?: number;
  /**
   * Least time between two rounds that both publish, however often `wake()` is called. Default
   * 20 ms. A busy writer wakes the relay after every commit; without a floor each round carries
   * a handful of events and its fixed cost (a transaction, two statements) per handful, on the
   * event loop the writer needs. With it, rounds under load carry what came in meanwhile. The
   * first event after a quiet spell still goes out at once, and a full round (a backlog) is
   * followed at once by the next.
   */
  minIntervalMs?: number;
  logger?: BusLogger;
}

/** A running relay. */
export interface Relay {
  /** Look at the outbox now, e.g. right after committing an event. */
  wake(): void;
  /** Finishes the batch in flight and stops. */
  stop(): Promise<void>;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What one round did. */
export interface RelayRound {
  published: number;
  failed: number;
}

/**
 * Publishes outbox rows to JetStream, oldest first (rows that failed before last), with the event id as msgID so that a
 * row published twice (a relay that died before marking it) is stored once. Rows are
 * locked with `FOR UPDATE SKIP LOCKED`, so several relays can share one outbox.
 *
 * @example
 * const relay = startRelay({ db, js, logger });
 * process.once('SIGTERM', () => relay.stop());
 */
export function startRelay<S extends Schema>(options: RelayOptions<S>): Relay {
  const {
    batchSize = 500,
    pollIntervalMs = 200,
    maxBackoffMs = 10_000,
    minIntervalMs = 20,
  } = options;
  const logger = options.logger ?? silentLogger;
  const waker = new Waker();
  let stopping = false;
  let failures = 0;

  const loop = (async () => {
    while (!stopping) {
      let round: RelayRound = { published: 0, failed: 0 };
      try {
        round = await relayBatch(options.db, options.js, batchSize);
        if (round.published > 0) logger.debug({ ...round }, 'outbox batch published');
      } catch (err) {
        round.failed = 1;
        logger.error({ err: errorMessage(err) }, 'outbox relay round failed');
      }
      // Back off only when nothing got through (NATS down, no stream), so that one row that
      // keeps failing does not slow down the events behind it.
      failures = round.failed > 0 && round.published === 0 ? failures + 1 : 0;
      if (failures > 0) {
        await waker.wait(Math.min(pollIntervalMs * 2 ** failures, maxBackoffMs));
      } else if (round.published < batchSize) {
        // Wakes during the pause are kept (Waker), so what they announced goes in the next round.
        if (round.published > 0 && minIntervalMs > 0 && !stopping) await delay(minIntervalMs);
        await waker.wait(pollIntervalMs);
      }
    }
  })();

  return {
    wake: () => waker.wake(),
    async stop() {
      stopping = true;
      waker.wake();
      await loop;
    },
  };
}

/**
 * One round: takes up to `batchSize` unpublished rows and marks them published in one statement
 * (locking them, `SKIP LOCKED`), publishes them (pipelined, in order), un-marks the ones JetStream
 * did not acknowledge with their error, then commits. The marks become visible only with that
 * commit, after the acknowledgements: a relay that dies before it publishes them again.
 */
export async function relayBatch<S extends Schema>(
  db: Db<S>,
  js: JetStreamClient,
  batchSize: number,
): Promise<RelayRound> {
  return db.transaction(async (tx) => {
    const taken = rowsOf<TakenRow>(
      await tx.execute(sql`
        update outbox o
        set published_at = now(), attempts = o.attempts + 1, last_error = null
        from (
          select id from outbox
          where published_at is null
          -- Rows that failed before go last, so a few that cannot be published never block the rest.
          order by attempts, seq
          limit ${batchSize}
          for update skip locked
        ) t
        where o.id = t.id
        returning o.id, o.seq, o.attempts, o.subject, ${envelopeText} as body`),
    );
    if (taken.length === 0) return { published: 0, failed: 0 };
    // RETURNING keeps no order: publish as the rows were chosen.
    taken.sort((a, b) => a.attempts - b.attempts || Number(a.seq) - Number(b.seq));

    const outcomes = await publishBatch(
      js,
      taken.map((row) => ({ subject: row.subject, body: row.body, msgID: row.id })),
    );
    let failed = 0;
    for (const [i, error] of outcomes.entries()) {
      if (!error) continue;
      failed += 1;
      await tx
        .update(outbox)
        .set({ publishedAt: null, lastError: errorMessage(error) })
        .where(eq(outbox.id, taken[i]!.id));
    }
    return { published: taken.length - failed, failed };
  });
}

interface TakenRow {
  id: string;
  seq: number | string;
  attempts: number;
  subject: string;
  /** The event envelope as JSON text. */
  body: string;
}

/**
 * The event envelope ({@link EventEnvelope}) as JSON, built by PostgreSQL from the row: the
 * stored payload goes out as stored, without being parsed into objects and serialised again here.
 */
const envelopeText = sql.raw(`json_build_object(
  'id', o.id,
  'type', o.type,
  'version', o.version,
  'occurredAt', to_char(o.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'communityId', o.community_id,
  'aggregateId', o.aggregate_id,
  'payload', o.payload
)::text`);

/** The rows of a raw `execute`: postgres.js answers an array, PGlite `{ rows }`. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}
