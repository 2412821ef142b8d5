/** Starts the proposals service: env → database → NATS → relay, projection, consumers → HTTP. */

import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createLogger, serve } from '@yishi/app';
import { createOwnerVerifier, createVerifier } from '@yishi/auth';
import { ensureStream, startRelay } from '@yishi/bus';
import { streams } from '@yishi/contracts';
import { createProposalsApp } from './app.ts';
import { startDecisionConsumers } from './bus/decisions.ts';
import { startDirectoryProjection } from './bus/directory-projection.ts';
import type { Deps } from './context.ts';
import { openDatabase } from './db/database.ts';
import { seedDemoWhenReady } from './demo/seed.ts';
import { readEnv } from './env.ts';

const env = readEnv();
const logger = createLogger({ service: 'proposals', level: env.LOG_LEVEL });
const database = openDatabase({
  url: env.DATABASE_URL,
  dataDir: env.PGLITE_DIR,
  max: env.DATABASE_POOL_SIZE,
});
const { db } = database;

const nc = await connect({ servers: env.NATS_URL, name: 'proposals' });
const js = jetstream(nc);
const jsm = await jetstreamManager(nc);
await ensureStream(jsm, streams.proposals);
// The streams this service reads are their owners'; creating them here too lets it start first.
await ensureStream(jsm, streams.directory);
await ensureStream(jsm, streams.ballots);
await ensureStream(jsm, streams.meetings);

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
  wakeRelay: () => relay.wake(),
  logger,
};
const projection = await startDirectoryProjection({ db, js, logger });
const decisions = await startDecisionConsumers({ db, js, deps, logger });
const demo = new AbortController();
if (env.DEMO) {
  seedDemoWhenReady(deps, demo.signal).catch((err: unknown) =>
    logger.warn({ err }, 'demo seeding failed'),
  );
}

const server = await serve(createProposalsApp(deps), { port: env.PORT, hostname: env.HOST });
logger.info({ port: server.port }, 'proposals listening');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'draining');
  demo.abort();
  await server.close();
  await Promise.allSettled([
    projection.stop(),
    ...decisions.map((consumer) => consumer.stop()),
    relay.stop(),
  ]);
  await nc.drain();
  await database.close();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
