import { waitFor } from '@yishi/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BusFixture, createBusFixture } from '../test/bus-fixture.ts';
import { runChild } from '../test/child-process.ts';
import { startConsumer } from './consumer.ts';
import { enqueue } from './enqueue.ts';
import { relayBatch } from './relay.ts';
import { inbox } from './schema.ts';

let f: BusFixture;
beforeAll(async () => {
  f = await createBusFixture();
});
afterAll(() => f?.close());

it('keeps the effect exactly once when a consumer dies after commit, before ack', async () => {
  const event = await f.db.transaction((tx) =>
    enqueue(tx, f.contract, { communityId: f.communityId, aggregateId: 'a', payload: { n: 7 } }),
  );
  expect(await relayBatch(f.db, f.js, 10)).toEqual({ published: 1, failed: 0 });
  const ackWaitMs = 1_000;

  const crashed = await runChild('consumer-child.ts', {
    DATABASE_URL: f.tdb.url,
    NATS_URL: f.natsUrl,
    STREAM: f.stream,
    DURABLE: 'effects',
    SERVICE: f.service,
    ACK_WAIT_MS: String(ackWaitMs),
  });
  expect(crashed.signal, crashed.output).toBe('SIGKILL');
  expect(await f.effects()).toEqual([{ eventId: event.id, n: 7 }]);
  expect(await f.db.$count(inbox)).toBe(1);
  const unacked = await f.jsm.consumers.info(f.stream, 'effects');
  expect(unacked.num_ack_pending + unacked.num_redelivered).toBeGreaterThan(0);

  let handlerCalls = 0;
  const consumer = await startConsumer({
    db: f.db,
    js: f.js,
    stream: f.stream,
    durable: 'effects',
    contracts: [f.contract],
    ackWaitMs,
    handle: async (e, tx) => {
      handlerCalls += 1;
      await f.recordEffect(e, tx);
    },
  });
  try {
    const info = await waitFor(
      async () => {
        const info = await f.jsm.consumers.info(f.stream, 'effects');
        const settled = info.num_pending === 0 && info.num_ack_pending === 0;
        return settled && info.delivered.consumer_seq >= 2 ? info : undefined;
      },
      { message: 'the event to be redelivered and acknowledged' },
    );
    expect(info.ack_floor.stream_seq).toBe(1);
  } finally {
    await consumer.stop();
  }
  expect(handlerCalls).toBe(0);
  expect(await f.effects()).toEqual([{ eventId: event.id, n: 7 }]);
});
