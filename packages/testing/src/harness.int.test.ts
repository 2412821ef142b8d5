import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { connectTestNats, uniqueName } from './nats.ts';

describe('test harness', () => {
  let tdb: TestDatabase;
  let nc: NatsConnection;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    nc = await connectTestNats();
  });
  afterAll(async () => {
    await nc?.close();
    await tdb?.drop();
  });

  it('gives each caller a separate, writable PostgreSQL database', async () => {
    const other = await createTestDatabase();
    try {
      expect(other.url).not.toBe(tdb.url);
      await tdb.sql`create table marks (n int)`;
      await tdb.sql`insert into marks values (41), (1)`;
      const [row] = await tdb.sql<{ total: number }[]>`select sum(n)::int as total from marks`;
      expect(row?.total).toBe(42);
      const [seen] = await other.sql<{ n: number }[]>`
        select count(*)::int as n from information_schema.tables where table_name = 'marks'`;
      expect(seen?.n).toBe(0);
    } finally {
      await other.drop();
    }
  });

  it('round-trips a message through a JetStream stream and durable consumer', async () => {
    const stream = uniqueName('harness');
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: stream, subjects: [`${stream}.>`] });
    await jsm.consumers.add(stream, { durable_name: 'reader', ack_policy: AckPolicy.Explicit });
    const js = jetstream(nc);
    const ack = await js.publish(`${stream}.hello`, JSON.stringify({ n: 7 }), { msgID: 'one' });
    const again = await js.publish(`${stream}.hello`, JSON.stringify({ n: 7 }), { msgID: 'one' });
    expect(again.duplicate).toBe(true);
    expect(again.seq).toBe(ack.seq);

    const consumer = await js.consumers.get(stream, 'reader');
    const msg = await consumer.next({ expires: 5_000 });
    expect(msg?.subject).toBe(`${stream}.hello`);
    expect(msg?.json()).toEqual({ n: 7 });
    await msg?.ackAck();
    expect((await consumer.info()).num_ack_pending).toBe(0);
    await jsm.streams.delete(stream);
  });
});
