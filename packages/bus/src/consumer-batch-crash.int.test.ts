import { waitFor } from '@yishi/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BusFixture, createBusFixture } from '../test/bus-fixture.ts';
import { runChild } from '../test/child-process.ts';
import { startConsumer } from './consumer.ts';
import { inbox } from './schema.ts';

let f: BusFixture;
beforeAll(async () => {
  f = await createBusFixture();
});
afterAll(() => f?.close());

it('keeps every effect exactly once when a batch consumer dies after commit, before ack', async () => {
  const events = Array.from({ length: 40 }, (_, n) =>
    f.contract.create({ communityId: f.communityId, aggregateId: 'a', payload: { n } }),
  );
  await Promise.all(
    events.map((e) => f.js.publish(f.contract.subject, JSON.stringify(e), { msgID: e.id })),
  );
  const ackWaitMs = 1_000;

  const crashed = await runChild('consumer-child.ts', {
    DATABASE_URL: f.tdb.url,
    NATS_URL: f.natsUrl,
    STREAM: f.stream,
    DURABLE: 'batch_effects',
    SERVICE: f.service,
    ACK_WAIT_MS: String(ackWaitMs),
    BATCH_SIZE: '100',
  });
  expect(crashed.signal, crashed.output).toBe('SIGKILL');
  const committed = await f.effects();
  expect(committed.length).toBeGreaterThan(1);
  expect(await f.db.$count(inbox)).toBe(committed.length);
  const unacked = await f.jsm.consumers.info(f.stream, 'batch_effects');
  expect(unacked.num_ack_pending + unacked.num_redelivered + unacked.num_pending).toBe(40);

  const handled: string[] = [];
  const consumer = await startConsumer({
    db: f.db,
    js: f.js,
    stream: f.stream,
    durable: 'batch_effects',
    contracts: [f.contract],
    ackWaitMs,
    handleBatch: async (batch, tx) => {
      handled.push(...batch.map((e) => e.id));
      for (const e of batch) await f.recordEffect(e, tx);
    },
  });
  try {
    await waitFor(
      async () => {
        const info = await f.jsm.consumers.info(f.stream, 'batch_effects');
        const settled = info.num_pending === 0 && info.num_ack_pending === 0;
        return settled && info.ack_floor.stream_seq === 40 ? info : undefined;
      },
      { message: 'every event to be redelivered and acknowledged' },
    );
  } finally {
    await consumer.stop();
  }
  const before = new Set(committed.map((e) => e.eventId));
  expect(handled.some((id) => before.has(id))).toBe(false);
  expect(handled).toHaveLength(40 - committed.length);
  const all = await f.effects();
  expect(all.map((e) => e.n)).toEqual(events.map((e) => e.payload.n));
  expect(new Set(all.map((e) => e.eventId)).size).toBe(40);
});
