import { randomUUID } from 'node:crypto';
import { uniqueName, waitFor } from '@yishi/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BusFixture, createBusFixture } from '../test/bus-fixture.ts';
import { thingHappened } from '../test/fixtures/contract.ts';
import { type RunningConsumer, startConsumer } from './consumer.ts';
import { enqueue, enqueueAll, enqueueIfAbsent, prepareEvent } from './enqueue.ts';
import { type Relay, startRelay } from './relay.ts';
import { outbox } from './schema.ts';

describe('outbox, relay and consumer', () => {
  let f: BusFixture;
  let relay: Relay;
  let consumer: RunningConsumer;
  beforeAll(async () => {
    f = await createBusFixture();
    relay = startRelay({ db: f.db, js: f.js, pollIntervalMs: 50 });
    consumer = await startConsumer({
      db: f.db,
      js: f.js,
      stream: f.stream,
      durable: 'effects',
      contracts: [f.contract],
      handle: f.recordEffect,
    });
  });
  afterAll(async () => {
    await relay?.stop();
    await consumer?.stop();
    await f?.close();
  });

  const drained = async () => {
    const info = await f.jsm.consumers.info(f.stream, 'effects');
    return info.num_pending === 0 && info.num_ack_pending === 0;
  };

  it('delivers an event committed to the outbox exactly once', async () => {
    const event = await f.db.transaction((tx) =>
      enqueue(tx, f.contract, { communityId: f.communityId, aggregateId: 'a1', payload: { n: 1 } }),
    );
    await waitFor(async () => (await f.effects()).length > 0, { message: 'the effect' });
    await waitFor(drained, { message: 'the consumer to drain' });

    expect(await f.effects()).toEqual([{ eventId: event.id, n: 1 }]);
    const [row] = await f.db.select().from(outbox).where(eq(outbox.id, event.id));
    expect(row?.publishedAt).toBeInstanceOf(Date);
    expect(row?.attempts).toBe(1);
    expect(await f.streamMessages()).toBe(1);
  });

  it('publishes nothing from a transaction that rolls back', async () => {
    let doomedId = '';
    await expect(
      f.db.transaction(async (tx) => {
        const doomed = await enqueue(tx, f.contract, {
          communityId: f.communityId,
          aggregateId: 'a2',
          payload: { n: 2 },
        });
        doomedId = doomed.id;
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    // A later committed event shows the relay and consumer had every chance to see it.
    const marker = await f.db.transaction((tx) =>
      enqueue(tx, f.contract, { communityId: f.communityId, aggregateId: 'a3', payload: { n: 3 } }),
    );
    relay.wake();
    await waitFor(async () => (await f.effects()).some((e) => e.eventId === marker.id), {
      message: 'the marker event',
    });
    await waitFor(drained, { message: 'the consumer to drain' });

    expect(doomedId).not.toBe('');
    expect(await f.db.select().from(outbox).where(eq(outbox.id, doomedId))).toEqual([]);
    expect((await f.effects()).map((e) => e.n)).toEqual([1, 3]);
    expect(await f.streamMessages()).toBe(2);
  });

  it('delivers every event of a bulk write exactly once, in chunks across statements', async () => {
    const prepared = Array.from({ length: 2_500 }, (_, i) =>
      prepareEvent(f.contract, {
        communityId: f.communityId,
        aggregateId: `bulk-${i}`,
        payload: { n: 1_000 + i },
      }),
    );
    await f.db.transaction((tx) => enqueueAll(tx, prepared, 1_000));
    relay.wake();
    await waitFor(async () => (await f.effects()).length >= 2 + 2_500, {
      message: 'every bulk effect',
      timeoutMs: 30_000,
    });
    await waitFor(drained, { message: 'the consumer to drain' });

    const bulk = (await f.effects()).filter((e) => e.n >= 1_000).map((e) => e.n);
    expect(bulk.length).toBe(2_500);
    expect(new Set(bulk).size).toBe(2_500);
    expect(await f.streamMessages()).toBe(2 + 2_500);
  });

  it('refuses an event whose payload breaks its contract, writing nothing', async () => {
    const before = await f.db.$count(outbox);
    await expect(
      f.db.transaction((tx) =>
        enqueue(tx, f.contract, {
          communityId: f.communityId,
          aggregateId: 'a4',
          payload: { n: -1 },
        }),
      ),
    ).rejects.toThrow();
    expect(await f.db.$count(outbox)).toBe(before);
  });

  it('keeps an event it cannot publish, counting attempts and the last error', async () => {
    const orphan = thingHappened(uniqueName('nostream'));
    const event = await f.db.transaction((tx) =>
      enqueue(tx, orphan, { communityId: f.communityId, aggregateId: 'a5', payload: { n: 5 } }),
    );
    // The running relay may try too; each try adds one attempt.
    await waitFor(
      async () => {
        const [row] = await f.db.select().from(outbox).where(eq(outbox.id, event.id));
        return row && row.attempts >= 2 ? row : undefined;
      },
      { message: 'two failed attempts' },
    ).then((row) => {
      expect(row.publishedAt).toBeNull();
      expect(row.lastError).toMatch(/\S/);
    });
    await f.db.delete(outbox).where(eq(outbox.id, event.id));
  });

  it('writes an event with a given id once, however often and concurrently it is enqueued if absent', async () => {
    const id = randomUUID();
    const once = () =>
      prepareEvent(f.contract, {
        id,
        communityId: f.communityId,
        aggregateId: 'daily',
        payload: { n: 7 },
      });
    const written = await Promise.all(
      Array.from({ length: 4 }, () => f.db.transaction((tx) => enqueueIfAbsent(tx, [once()]))),
    );
    expect(written.flat()).toEqual([id]);
    expect(await f.db.transaction((tx) => enqueueIfAbsent(tx, [once()]))).toEqual([]);
    relay.wake();
    await waitFor(async () => (await f.effects()).some((e) => e.eventId === id), {
      message: 'the effect of the event',
    });
    await waitFor(drained, { message: 'the consumer to drain' });
    expect((await f.effects()).filter((e) => e.eventId === id)).toHaveLength(1);
    expect(await f.db.$count(outbox, eq(outbox.id, id))).toBe(1);
  });
});
