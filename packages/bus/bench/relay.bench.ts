/**
 * Outbox throughput: writes N events in one transaction, then times the relay publishing them to
 * JetStream with the event id as message id. Real PostgreSQL and nats-server, started here.
 * Run with `pnpm --filter @yishi/bus bench`.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createDatabase } from '@yishi/db';
import { startNats, startPostgres } from '@yishi/testing';
import { isNull, sql } from 'drizzle-orm';
import { enqueueAll, prepareEvent } from '../src/enqueue.ts';
import { migrateBus } from '../src/migrations.ts';
import { relayBatch } from '../src/relay.ts';
import { outbox } from '../src/schema.ts';
import { ensureStream } from '../src/stream.ts';
import { thingHappened } from '../test/fixtures/contract.ts';

const EVENTS = 20_000;
const pg = await startPostgres();
const nats = await startNats();
const database = createDatabase({ url: pg.url, max: 4 });
const nc = await connect({ servers: nats.url });
try {
  const { db } = database;
  await migrateBus(db);
  const js = jetstream(nc);
  await ensureStream(await js.jetstreamManager(), { name: 'BENCH', subjects: ['bench.>'] });
  const contract = thingHappened('bench');
  const communityId = randomUUID();

  for (const batchSize of [100, 500]) {
    const prepared = Array.from({ length: EVENTS }, (_, n) =>
      prepareEvent(contract, { communityId, aggregateId: `a${n}`, payload: { n } }),
    );
    let start = performance.now();
    await db.transaction((tx) => enqueueAll(tx, prepared));
    const written = performance.now() - start;

    start = performance.now();
    let published = 0;
    while (published < EVENTS) published += (await relayBatch(db, js, batchSize)).published;
    const relayed = performance.now() - start;
    const [left] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(outbox)
      .where(isNull(outbox.publishedAt));
    console.log(
      `${EVENTS} events: outbox write ${written.toFixed(0)} ms ` +
        `(${Math.round(EVENTS / (written / 1000))}/s); relay batch ${batchSize}: ` +
        `${relayed.toFixed(0)} ms (${Math.round(EVENTS / (relayed / 1000))}/s), unpublished left ${left?.n}`,
    );
  }
} finally {
  await nc.close();
  await database.close();
  await nats.stop();
  await pg.stop();
}
