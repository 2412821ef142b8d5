/**
 * Starts the notifications service: env → database → NATS → projections and flows (durable
 * consumers of DIRECTORY, BALLOTS, MEETINGS and PROPOSALS) → dispatcher and reminder scheduler → HTTP; drains on SIGTERM.
 */

import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createLogger, serve } from '@yishi/app';
import { createVerifier } from '@yishi/auth';
import { ensureStream } from '@yishi/bus';
import { streams } from '@yishi/contracts';
import { createNotificationsApp } from './app.ts';
import { startBallotsConsumer } from './bus/ballots-consumer.ts';
import { startDirectoryProjection } from './bus/directory-projection.ts';
import { startMeetingsConsumer } from './bus/meetings-consumer.ts';
import { startProposalsConsumer } from './bus/proposals-consumer.ts';
import { channelsFromEnv } from './channels/from-env.ts';
import type { Deps } from './context.ts';
import { openDatabase } from './db/database.ts';
import { startDispatcher } from './delivery/dispatcher.ts';
import { readEnv } from './env.ts';
import { startReminderScheduler } from './flows/reminders.ts';

const env = readEnv();
const logger = createLogger({ service: 'notifications', level: env.LOG_LEVEL });
const database = openDatabase({
  url: env.DATABASE_URL,
  dataDir: env.PGLITE_DIR,
  max: env.DATABASE_POOL_SIZE,
});
const { db } = database;
const now = () => new Date();
const { channels, limits, close: closeChannels } = channelsFromEnv(env, db, logger, now);
logger.info(
  { channels: Object.fromEntries(Object.entries(channels).map(([m, c]) => [m, c.name])) },
  'channels',
);

const deps: Deps = {
  db,
  now,
  newId: randomUUID,
  verifier: createVerifier({
    jwksUrl: env.DIRECTORY_JWKS_URL,
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
  }),
  channels,
  config: {
    webBaseUrl: env.WEB_BASE_URL,
    inboxEnabled: env.INBOX_ENABLED,
    quietHours: { start: env.QUIET_HOURS_START, end: env.QUIET_HOURS_END },
    reminderHoursBeforeClose: env.REMINDER_HOURS_BEFORE_CLOSE,
    retry: {
      maxAttempts: env.DELIVERY_MAX_ATTEMPTS,
      baseMs: env.RETRY_BASE_MS,
      maxMs: env.RETRY_MAX_MS,
    },
  },
  logger,
};

const nc = await connect({ servers: env.NATS_URL, name: 'notifications' });
const js = jetstream(nc);
const jsm = await jetstreamManager(nc);
// The publishers own their streams; creating them here too lets this service start first.
await ensureStream(jsm, streams.directory);
await ensureStream(jsm, streams.ballots);
await ensureStream(jsm, streams.meetings);
await ensureStream(jsm, streams.proposals);

const directory = await startDirectoryProjection({ deps, js, logger });
const ballots = await startBallotsConsumer({ deps, js, logger });
const meetings = await startMeetingsConsumer({ deps, js, logger });
const proposals = await startProposalsConsumer({ deps, js, logger });
const dispatcher = startDispatcher({
  db,
  channels,
  now,
  logger,
  retry: deps.config.retry,
  quietHours: deps.config.quietHours,
  limits,
  batchSize: env.DISPATCH_BATCH_SIZE,
  concurrency: env.DISPATCH_CONCURRENCY,
  leaseMs: env.DISPATCH_LEASE_MS,
  pollMs: env.DISPATCH_POLL_MS,
});
const reminders = startReminderScheduler(deps, env.REMINDER_INTERVAL_MS);
const server = await serve(createNotificationsApp(deps), { port: env.PORT, hostname: env.HOST });
logger.info({ port: server.port }, 'notifications listening');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'draining');
  await server.close();
  await Promise.allSettled([
    directory.stop(),
    ballots.stop(),
    meetings.stop(),
    proposals.stop(),
    reminders.stop(),
    dispatcher.stop(),
  ]);
  closeChannels();
  await nc.drain();
  await database.close();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
