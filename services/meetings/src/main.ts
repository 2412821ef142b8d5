/** Starts the meetings service: env → database → NATS → relay, consumers → HTTP; drains on SIGTERM. */

import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createLogger, serve } from '@yishi/app';
import { createOwnerVerifier, createVerifier } from '@yishi/auth';
import { ensureStream, startRelay } from '@yishi/bus';
import { streams } from '@yishi/contracts';
import { createMeetingsApp } from './app.ts';
import { startBallotsConsumer } from './bus/ballots-consumer.ts';
import { startDirectoryProjection } from './bus/directory-projection.ts';
import type { Deps } from './context.ts';
import { openDatabase } from './db/database.ts';
import { seedDemoWhenReady } from './demo/seed.ts';
import { readEnv } from './env.ts';

const env = readEnv();
const logger = createLogger({ service: 'meetings', level: env.LOG_LEVEL });
const database = openDatabase({
  url: env.DATABASE_URL,
  dataDir: env.PGLITE_DIR,
  max: env.DATABASE_POOL_SIZE,
});
const { db } = database;

const nc = await connect({ servers: env.NATS_URL, name: 'meetings' });
const js = jetstream(nc);
const jsm = await jetstreamManager(nc);
await ensureStream(jsm, streams.meetings);
// The directory and ballots own their streams; creating them here too lets meetings start first.
await ensureStream(jsm, streams.directory);
await ensureStream(jsm, streams.ballots);

const relay = startRelay({ db, js, logger });
const deps: Deps = {
  db,
  now: () => new Date(),
  newId: randomUUID,
  verifier: createVerifier({
    jwksUrl: env.DIRECTORY_JWKS_URL,
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
  }),
  ownerVerifier: createOwnerVerifier({ jwksUrl: env.DIRECTORY_JWKS_URL, issuer: env.JWT_ISSUER }),
  publicBaseUrl: env.PUBLIC_BASE_URL,
  wakeRelay: () => relay.wake(),
  logger,
};
const projection = await startDirectoryProjection({ db, js, logger });
const results = await startBallotsConsumer({ deps, js, logger });
const demo = env.DEMO ? seedDemoWhenReady(deps) : undefined;
const server = await serve(createMeetingsApp(deps), { port: env.PORT, hostname: env.HOST });
logger.info({ port: server.port }, 'meetings listening');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'draining');
  demo?.stop();
  await server.close();
  await Promise.allSettled([projection.stop(), results.stop(), relay.stop()]);
  await nc.drain();
  await database.close();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
