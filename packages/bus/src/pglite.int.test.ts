import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { createDatabase, type Database } from '@yishi/db';
import { connectTestNats, uniqueName, waitFor } from '@yishi/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEffectsTable, effects, thingHappened } from '../test/fixtures/contract.ts';
import { startConsumer } from './consumer.ts';
import { enqueue } from './enqueue.ts';
import { migrateBus } from './migrations.ts';
import { startRelay } from './relay.ts';
import { ensureStream } from './stream.ts';

let dataDir: string;
let database: Database;
let nc: NatsConnection;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'yishi-bus-pglite-'));
  database = createDatabase({ dataDir });
  nc = await connectTestNats();
});
afterAll(async () => {
  await nc?.close();
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('relays and consumes with the embedded PGlite database used by `pnpm start`', async () => {
  const { db } = database;
  await migrateBus(db);
  await db.execute(sql.raw(createEffectsTable));
  const service = uniqueName('pgl');
  const stream = service.toUpperCase();
  const js = jetstream(nc);
  await ensureStream(await js.jetstreamManager(), { name: stream, subjects: [`${service}.>`] });
  const contract = thingHappened(service);

  const relay = startRelay({ db, js, pollIntervalMs: 50 });
  const consumer = await startConsumer({
    db,
    js,
    stream,
    durable: 'effects',
    contracts: [contract],
    handle: async (event, tx) => {
      await tx.insert(effects).values({ eventId: event.id, n: event.payload.n });
    },
  });
  // The same events through batch mode, recorded 100 higher.
  const batchConsumer = await startConsumer({
    db,
    js,
    stream,
    durable: 'batch_effects',
    contracts: [contract],
    handleBatch: async (events, tx) => {
      await tx.insert(effects).values(events.map((e) => ({ eventId: e.id, n: e.payload.n + 100 })));
    },
  });
  const communityId = randomUUID();
  try {
    for (const n of [1, 2, 3]) {
      await db.transaction((tx) =>
        enqueue(tx, contract, { communityId, aggregateId: 'a', payload: { n } }),
      );
    }
    relay.wake();
    await waitFor(
      async () => {
        const rows = await db.select().from(effects).orderBy(effects.n);
        return rows.length >= 6 ? rows.map((r) => r.n) : undefined;
      },
      { message: 'six effects' },
    ).then((ns) => expect(ns).toEqual([1, 2, 3, 101, 102, 103]));
  } finally {
    await relay.stop();
    await consumer.stop();
    await batchConsumer.stop();
  }
});
