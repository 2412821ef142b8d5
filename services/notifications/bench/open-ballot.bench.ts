/**
 * Opening a ballot for 20,000 owners: 20,000 `ballots.credential.issued` events in JetStream (as
 * the ballots relay publishes them) → the durable consumer plans the deliveries → the dispatcher
 * hands 20,000 personal SMS to a local webhook gateway (on its own thread). Prints messages/s and
 * peak RSS. Target: under 10 s, memory flat. Run: `pnpm bench` (needs PostgreSQL 15 and nats-server).
 */
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createLogger } from '@yishi/app';
import { createVerifier } from '@yishi/auth';
import { ensureStream } from '@yishi/bus';
import { credentialIssued, streams } from '@yishi/contracts';
import { insertColumns } from '@yishi/db';
import { startNats, startPostgres } from '@yishi/testing';
import { sql } from 'drizzle-orm';
import { startBallotsConsumer } from '../src/bus/ballots-consumer.ts';
import { createInboxChannel } from '../src/channels/inbox.ts';
import { createWebhookSms } from '../src/channels/webhook-sms.ts';
import type { Deps } from '../src/context.ts';
import { migrateNotifications, openDatabase } from '../src/db/database.ts';
import { startDispatcher } from '../src/delivery/dispatcher.ts';

const owners = Number(process.env.BENCH_OWNERS ?? 20_000);
const inboxOn = process.env.BENCH_INBOX !== 'false';
const [pg, nats] = await Promise.all([startPostgres(), startNats()]);
const database = openDatabase({ url: pg.url, dataDir: '', max: 20 });
const gateway = new Worker(new URL('./gateway-worker.mjs', import.meta.url));
try {
  const { port } = await new Promise<{ port: number }>((resolve) =>
    gateway.once('message', resolve),
  );
  const received = () =>
    new Promise<number>((resolve) => {
      gateway.once('message', (m: { received: number }) => resolve(m.received));
      gateway.postMessage('count');
    });
  const { db } = database;
  await migrateNotifications(db);

  const communityId = randomUUID();
  const ballotId = randomUUID();
  const holders = Array.from({ length: owners }, (_, i) => ({
    ownerId: randomUUID(),
    phone: `139${String(i).padStart(8, '0')}`,
  }));
  await db.execute(
    insertColumns(
      'owners',
      [
        ['owner_id', 'uuid'],
        ['community_id', 'uuid'],
        ['kind', 'text'],
        ['name', 'text'],
        ['phone', 'text'],
        ['updated_at', 'timestamptz'],
      ],
      holders.map((h, i) => [
        h.ownerId,
        communityId,
        'person',
        `业主${i}`,
        h.phone,
        new Date().toISOString(),
      ]),
    ),
  );
  await db.execute(sql`insert into communities values (${communityId}::uuid, '幸福里', now())`);

  const nc = await connect({ servers: nats.url });
  const js = jetstream(nc);
  await ensureStream(await jetstreamManager(nc), streams.ballots);
  const opensAt = new Date(Date.now() - 60_000).toISOString();
  const closesAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const publish = (h: (typeof holders)[number]) =>
    js.publish(
      credentialIssued.subject,
      JSON.stringify(
        credentialIssued.create({
          communityId,
          aggregateId: ballotId,
          payload: {
            ballotId,
            communityId,
            holderKey: h.ownerId,
            voterId: h.ownerId,
            memberIds: [h.ownerId],
            linkUrl: `https://vote.example.cn/v/${randomUUID()}.${'x'.repeat(43)}`,
            opensAt,
            closesAt,
          },
        }),
      ),
    );
  // In pipelined chunks, as the relay publishes its batches.
  for (let i = 0; i < holders.length; i += 1_000) {
    await Promise.all(holders.slice(i, i + 1_000).map(publish));
  }

  const now = () => new Date();
  const logger = createLogger({ service: 'notifications', level: 'warn' });
  const deps: Deps = {
    db,
    now,
    newId: randomUUID,
    verifier: createVerifier({ keys: [], issuer: 'x', audience: 'x' }),
    channels: {
      sms: createWebhookSms({ url: `http://127.0.0.1:${port}/sms`, secret: 'b'.repeat(32) }),
      ...(inboxOn ? { inbox: createInboxChannel(db, now) } : {}),
    },
    config: {
      webBaseUrl: 'https://yishi.example.cn',
      inboxEnabled: inboxOn,
      quietHours: { start: '00:00', end: '00:00' },
      reminderHoursBeforeClose: [72, 24],
      retry: { maxAttempts: 5, baseMs: 1_000, maxMs: 60_000 },
    },
    logger,
  };

  let peakRss = process.memoryUsage().rss;
  const rssAtStart = peakRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  const consumer = await startBallotsConsumer({ deps, js });
  // BENCH_PHASED=1: plan everything first, then time the dispatcher alone.
  const phased = process.env.BENCH_PHASED === '1';
  let dispatchStarted = started;
  if (phased) {
    for (;;) {
      const [row] = (await db.execute(sql`select count(*)::int as n from inbox`)) as unknown as {
        n: number;
      }[];
      if ((row?.n ?? 0) >= owners) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    dispatchStarted = performance.now();
  }
  const dispatcher = process.env.BENCH_NO_DISPATCH
    ? { stop: async () => {} }
    : startDispatcher({
        db,
        channels: deps.channels,
        now,
        logger,
        retry: deps.config.retry,
        quietHours: deps.config.quietHours,
        batchSize: 500,
        concurrency: 128,
        workers: 3,
        pollMs: 20,
      });
  let plannedAt = 0;
  for (;;) {
    const count = await received();
    if (!plannedAt) {
      const [row] = (await db.execute(sql`select count(*)::int as n from inbox`)) as unknown as {
        n: number;
      }[];
      if ((row?.n ?? 0) >= owners) plannedAt = performance.now();
    }
    if (count >= owners || (process.env.BENCH_NO_DISPATCH && plannedAt)) break;
    if (performance.now() - started > 120_000)
      throw new Error(`only ${count} messages after 120 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await consumer.stop();
  await dispatcher.stop();
  const statuses = await db.execute(
    sql`select medium, status, count(*)::int as n from deliveries group by 1, 2 order by 1, 2`,
  );
  console.log(
    JSON.stringify(
      {
        owners,
        inbox: inboxOn,
        messagesAtGateway: await received(),
        seconds: Number(seconds.toFixed(2)),
        messagesPerSecond: Math.round(owners / seconds),
        dispatchOnlySeconds: phased
          ? Number(((performance.now() - dispatchStarted) / 1000).toFixed(2))
          : null,
        eventsPlannedInSeconds: plannedAt
          ? Number(((plannedAt - started) / 1000).toFixed(2))
          : null,
        rssAtStartMiB: Math.round(rssAtStart / 2 ** 20),
        peakRssMiB: Math.round(peakRss / 2 ** 20),
        deliveries: statuses,
        target: 'under 10 s',
      },
      null,
      2,
    ),
  );
  await nc.drain();
} finally {
  gateway.postMessage('close');
  await database.close();
  await Promise.all([pg.stop(), nats.stop()]);
}
