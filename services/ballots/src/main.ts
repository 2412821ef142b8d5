/** Starts the ballots service: env → database → NATS → relay, projection, scheduler → HTTP. */

import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createLogger, serve } from '@yishi/app';
import { createVerifier } from '@yishi/auth';
import { ensureStream, startRelay, startRelayThread } from '@yishi/bus';
import { streams } from '@yishi/contracts';
import { createBallotsApp } from './app.ts';
import { startCloseScheduler } from './ballots/scheduler.ts';
import { startDirectoryProjection } from './bus/directory-projection.ts';
import { startMeetingsConsumer } from './bus/meetings-consumer.ts';
import type { Deps } from './context.ts';
import { openDatabase } from './db/database.ts';
import { startDemoSeeder } from './demo/seed.ts';
import { readEnv } from './env.ts';
import { resolveLinkSecret } from './link-secret.ts';
import { ProgressHub } from './progress/hub.ts';
import { startProgressThread } from './progress/progress-thread.ts';
import { startStaffAlerts } from './progress/staff-alerts.ts';
import { deriveLinkKeys } from './voting/link-token.ts';

const env = readEnv();
const logger = createLogger({ service: 'ballots', level: env.LOG_LEVEL });
const database = openDatabase({
  url: env.DATABASE_URL,
  dataDir: env.PGLITE_DIR,
  max: env.DATABASE_POOL_SIZE,
});
const { db } = database;

const link = await resolveLinkSecret(db, env.BALLOTS_LINK_SECRET, new Date());
if (link.generated) {
  logger.warn(
    { setting: 'BALLOTS_LINK_SECRET' },
    'BALLOTS_LINK_SECRET is not set: using a secret generated and stored in the database. Set it from a secret store in production.',
  );
}
const keys = deriveLinkKeys(link.secret);

// noAsyncTraces: otherwise nats.js captures stack traces on every request and JetStream publish.
const nc = await connect({ servers: env.NATS_URL, name: 'ballots', noAsyncTraces: true });
const js = jetstream(nc);
const jsm = await jetstreamManager(nc);
// Events are `ballots.<aggregate>.<event>.v<n>`; the live `ballots.progress.<ballotId>` (three
// tokens, core NATS only, see progressUpdated) stays out of the stream.
await ensureStream(jsm, streams.ballots);
// The directory owns its stream; creating it here too lets ballots start first.
await ensureStream(jsm, streams.directory);

// The relay in a thread of its own, off the event loop that takes the votes (docs/ballots.md,
// "Speed"); with the embedded PGlite, which serves one connection, in this thread.
const relay = env.DATABASE_URL
  ? startRelayThread({
      databaseUrl: env.DATABASE_URL,
      natsServers: env.NATS_URL,
      natsName: 'ballots-relay',
      logger,
    })
  : startRelay({ db, js, logger });
// Progress figures read every vote of a ballot and tally the estate and each building: in a thread
// of their own on PostgreSQL, so the event loop that takes votes keeps free (docs/ballots.md).
const progressThread = env.DATABASE_URL
  ? startProgressThread({ databaseUrl: env.DATABASE_URL, logger })
  : undefined;
const progress = new ProgressHub(
  { db, now: () => new Date(), newId: randomUUID, logger, wakeRelay: () => relay.wake() },
  { nats: nc, ...(progressThread && { compute: progressThread.compute }) },
);
const deps: Deps = {
  db,
  now: () => new Date(),
  newId: randomUUID,
  verifier: createVerifier({
    jwksUrl: env.DIRECTORY_JWKS_URL,
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
  }),
  links: keys,
  publicBaseUrl: env.PUBLIC_BASE_URL,
  wakeRelay: () => relay.wake(),
  logger,
  progress,
  onVotesChanged: progress.votesChanged,
};
const voteBatch =
  env.VOTE_BATCH_MAX === 0
    ? (false as const)
    : {
        maxBatch: env.VOTE_BATCH_MAX,
        maxWaitMs: env.VOTE_BATCH_WAIT_MS,
        maxInFlight: env.VOTE_BATCHES_IN_FLIGHT,
      };
const projection = await startDirectoryProjection({ db, js, keys, logger });
// Written owners' assemblies ask for their ballots (drafted under the ids meetings fixed).
const meetingRequests = await startMeetingsConsumer({ deps, js, logger });
const scheduler = startCloseScheduler(deps, env.CLOSE_SCHEDULER_INTERVAL_MS);
// `pnpm start`: the demo community's open ballot with some votes, once the projection holds it.
const demo = env.DEMO ? startDemoSeeder(deps) : null;
// Quorum at risk (by default 24 h before the close) and the daily summary (by default 09:00), for
// the Party secretary and grid workers.
const staffAlerts = startStaffAlerts(deps, {
  atRiskHoursBeforeClose: env.QUORUM_AT_RISK_HOURS_BEFORE_CLOSE,
  summaryAt: env.PROGRESS_SUMMARY_AT,
  intervalMs: env.STAFF_ALERTS_INTERVAL_MS,
});
const server = await serve(createBallotsApp({ ...deps, voteBatch }), {
  port: env.PORT,
  hostname: env.HOST,
});
logger.info({ port: server.port }, 'ballots listening');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'draining');
  // Ends the progress streams first: an open event stream would hold the drain to its timeout.
  await progress.close();
  await progressThread?.close();
  await server.close();
  await demo?.stop();
  await Promise.allSettled([
    scheduler.stop(),
    staffAlerts.stop(),
    projection.stop(),
    meetingRequests.stop(),
    relay.stop(),
  ]);
  await nc.drain();
  await database.close();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
