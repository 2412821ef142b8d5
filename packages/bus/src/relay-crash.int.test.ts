import { waitFor } from '@yishi/testing';
import { isNull } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BusFixture, createBusFixture } from '../test/bus-fixture.ts';
import { runChild } from '../test/child-process.ts';
import { startConsumer } from './consumer.ts';
import { enqueue } from './enqueue.ts';
import { startRelay } from './relay.ts';
import { outbox } from './schema.ts';

let f: BusFixture;
beforeAll(async () => {
  f = await createBusFixture();
});
afterAll(() => f?.close());

const total = 200;

it('delivers every event exactly once when a relay is killed mid-batch', async () => {
  const ids = await f.db.transaction(async (tx) => {
    const events = [];
    for (let n = 0; n < total; n += 1) {
      events.push(
        await enqueue(tx, f.contract, {
          communityId: f.communityId,
          aggregateId: 'a',
          payload: { n },
        }),
      );
    }
    return events.map((e) => e.id);
  });

  const crashed = await runChild('relay-child.ts', {
    DATABASE_URL: f.tdb.url,
    NATS_URL: f.natsUrl,
    BATCH_SIZE: '50',
    KILL_AFTER: '120',
  });
  expect(crashed.signal, crashed.output).toBe('SIGKILL');
  // Two batches of 50 were marked; the third was published (at least in part) but not marked.
  expect(await f.db.$count(outbox, isNull(outbox.publishedAt))).toBe(total - 100);
  const afterCrash = await f.streamMessages();
  expect(afterCrash).toBeGreaterThanOrEqual(120);
  expect(afterCrash).toBeLessThan(total);

  const relay = startRelay({ db: f.db, js: f.js, batchSize: 50, pollIntervalMs: 50 });
  const consumer = await startConsumer({
    db: f.db,
    js: f.js,
    stream: f.stream,
    durable: 'effects',
    contracts: [f.contract],
    handle: f.recordEffect,
  });
  try {
    await waitFor(async () => (await f.db.$count(outbox, isNull(outbox.publishedAt))) === 0, {
      message: 'the new relay to publish the rest',
    });
    await waitFor(async () => (await f.effects()).length >= total, { message: 'all effects' });
    await waitFor(
      async () => {
        const info = await f.jsm.consumers.info(f.stream, 'effects');
        return info.num_pending === 0 && info.num_ack_pending === 0;
      },
      { message: 'the consumer to drain' },
    );
  } finally {
    await relay.stop();
    await consumer.stop();
  }

  // JetStream dropped the re-published duplicates by msgID.
  expect(await f.streamMessages()).toBe(total);
  const effects = await f.effects();
  expect(effects).toHaveLength(total);
  expect(new Set(effects.map((e) => e.eventId))).toEqual(new Set(ids));
  expect(effects.map((e) => e.n)).toEqual(Array.from({ length: total }, (_, n) => n));
});
