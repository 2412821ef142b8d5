import { randomUUID } from 'node:crypto';
import { type JetStreamClient, type JetStreamManager, jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { EventOf } from '@yishi/contracts';
import { createDatabase, type Db, type Tx } from '@yishi/db';
import { connectTestNats, createTestDatabase, type TestDatabase, uniqueName } from '@yishi/testing';
import { inject } from 'vitest';
import { migrateBus } from '../src/migrations.ts';
import { ensureStream } from '../src/stream.ts';
import { createEffectsTable, effects, thingHappened } from './fixtures/contract.ts';

export type ThingHappened = ReturnType<typeof thingHappened>;

/** A database with the bus tables, a stream of its own, and helpers to look at both. */
export interface BusFixture {
  tdb: TestDatabase;
  db: Db;
  natsUrl: string;
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** First subject token of this fixture's events; the stream holds `<service>.>`. */
  service: string;
  stream: string;
  /** A community id for the fixture's events. */
  communityId: string;
  contract: ThingHappened;
  /** A handler that records the effect in `effects`. */
  recordEffect: (event: EventOf<ThingHappened>, tx: Tx) => Promise<void>;
  effects(): Promise<{ eventId: string; n: number }[]>;
  streamMessages(): Promise<number>;
  close(): Promise<void>;
}

export async function createBusFixture(): Promise<BusFixture> {
  const tdb = await createTestDatabase();
  const database = createDatabase({ url: tdb.url, max: 10 });
  await migrateBus(database.db);
  await tdb.sql.unsafe(createEffectsTable);
  const nc = await connectTestNats();
  const js = jetstream(nc);
  const jsm = await js.jetstreamManager();
  const service = uniqueName('svc');
  const stream = service.toUpperCase();
  await ensureStream(jsm, { name: stream, subjects: [`${service}.>`] });
  return {
    tdb,
    db: database.db,
    natsUrl: inject('natsUrl'),
    nc,
    js,
    jsm,
    service,
    stream,
    communityId: randomUUID(),
    contract: thingHappened(service),
    async recordEffect(event, tx) {
      await tx.insert(effects).values({ eventId: event.id, n: event.payload.n });
    },
    effects: () =>
      tdb.sql<{ eventId: string; n: number }[]>`
        select event_id as "eventId", n from effects order by n`,
    streamMessages: async () => (await jsm.streams.info(stream)).state.messages,
    async close() {
      await jsm.streams.delete(stream).catch(() => {});
      await nc.close();
      await database.close();
      await tdb.drop();
    },
  };
}
