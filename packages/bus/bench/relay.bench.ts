/**
 * Outbox throughput: writes N events in one transaction, then times the relay publishing them to
 * JetStream with the event id as message id. Real PostgreSQL and nats-server, started here.
 * Run with `pnpm --filter @yishi/bus bench`.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createDatabase } from '@yishi/db';
import { startNats, startPostgres } from '@yishi/testing';
import { isNull, sql } from 'drizzle-orm';
import { enqueueAll, prepareEvent } from '../src/enqueue.ts';
import { migrateBus } from '../src/migrations.ts';
import { relayBatch, startRelay } from '../src/relay.ts';
import { outbox } from '../src/schema.ts';
import { ensureStream } from '../src/stream.ts';
import { thingHappened } from '../test/fixtures/contract.ts';

const EVENTS = 20_000;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pg = await startPostgres();
const nats = await startNats();
const database = createDatabase({ url: pg.url, max: 4 });
// NATS_TRACES=on keeps nats.js's async stack traces (two Error objects captured per publish).
const nc = await connect({ servers: nats.url, noAsyncTraces: process.env.NATS_TRACES !== 'on' });
try {
  const { db } = database;
  await migrateBus(db);
  const js = jetstream(nc);
  await ensureStream(await js.jetstreamManager(), { name: 'BENCH', subjects: ['bench.>'] });
  const contract = thingHappened('bench');
  // PostgreSQL's CPU (the postmaster and its children, from /proc): the relay's cost is also there.
  const [{ pid }] = (await db.execute(sql`select pg_backend_pid() as pid`)) as unknown as [
    { pid: number },
  ];
  const postmaster = Number(
    readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1],
  );
  const postgresCpuUs = () => {
    let ticks = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
        if (Number(entry) === postmaster || Number(fields[1]) === postmaster)
          ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // gone meanwhile
      }
    }
    return ticks * 10_000; // USER_HZ = 100
  };
  const communityId = randomUUID();

  for (const batchSize of [50, 100, 500]) {
    const prepared = Array.from({ length: EVENTS }, (_, n) =>
      prepareEvent(contract, { communityId, aggregateId: `a${n}`, payload: { n } }),
    );
    let start = performance.now();
    await db.transaction((tx) => enqueueAll(tx, prepared));
    const written = performance.now() - start;

    start = performance.now();
    const cpuBefore = process.cpuUsage();
    const pgBefore = postgresCpuUs();
    let published = 0;
    while (published < EVENTS) published += (await relayBatch(db, js, batchSize)).published;
    const relayed = performance.now() - start;
    const cpu = process.cpuUsage(cpuBefore);
    const pgCpu = postgresCpuUs() - pgBefore;
    const [left] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(outbox)
      .where(isNull(outbox.publishedAt));
    console.log(
      `${EVENTS} events: outbox write ${written.toFixed(0)} ms ` +
        `(${Math.round(EVENTS / (written / 1000))}/s); relay batch ${batchSize}: ` +
        `${relayed.toFixed(0)} ms (${Math.round(EVENTS / (relayed / 1000))}/s, CPU per event: relay ${((cpu.user + cpu.system) / EVENTS).toFixed(0)} µs, PostgreSQL ${(pgCpu / EVENTS).toFixed(0)} µs), unpublished left ${left?.n}`,
    );
  }

  // Steady state, as on the vote path: a writer commits small transactions (40 events each, four
  // at a time) and wakes the running relay after each; once without a relay, once with one. The
  // difference is what the relay costs while events keep coming.
  for (const withRelay of [false, true]) {
    await db.execute(sql`truncate outbox`);
    const relay = withRelay ? startRelay({ db, js }) : undefined;
    const start = performance.now();
    const cpuBefore = process.cpuUsage();
    const pgBefore = postgresCpuUs();
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < EVENTS) {
          const events = Array.from({ length: 40 }, () =>
            prepareEvent(contract, { communityId, aggregateId: 'steady', payload: { n: next++ } }),
          );
          await db.transaction((tx) => enqueueAll(tx, events));
          relay?.wake();
        }
      }),
    );
    if (relay) {
      while ((await db.$count(outbox, isNull(outbox.publishedAt))) > 0) await delay(5);
      await relay.stop();
    }
    const elapsed = performance.now() - start;
    const cpu = process.cpuUsage(cpuBefore);
    const pgCpu = postgresCpuUs() - pgBefore;
    console.log(
      `steady, ${next} events in transactions of 40, relay ${withRelay ? 'running' : 'off'}: ${elapsed.toFixed(0)} ms, ` +
        `CPU per event: this process ${((cpu.user + cpu.system) / next).toFixed(0)} µs, PostgreSQL ${(pgCpu / next).toFixed(0)} µs`,
    );
  }
} finally {
  await nc.close();
  await database.close();
  await nats.stop();
  await pg.stop();
}
