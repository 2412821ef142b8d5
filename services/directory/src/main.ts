/**
 * The directory service: reads env, builds its dependencies, serves HTTP, relays its outbox to
 * JetStream, and drains on SIGTERM. Migrations run before, from migrate.ts.
 */

import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createLogger, serve } from '@yishi/app';
import { ensureStream, startRelay } from '@yishi/bus';
import { streams } from '@yishi/contracts';
import { createDirectoryApp } from './app.ts';
import type { Deps } from './context.ts';
import { openDatabase } from './db/database.ts';
import { DEMO_PASSWORD, seedDemo } from './demo/seed.ts';
import { readEnv } from './env.ts';
import { failInterruptedImports } from './roster/index.ts';
import { ensureBootstrapAdmin, loadTokenKeys, pruneSignInThrottle } from './staff/index.ts';

const env = readEnv();
const logger = createLogger({ service: 'directory', level: env.LOG_LEVEL });
const database = openDatabase({ url: env.DATABASE_URL, dataDir: env.PGLITE_DIR });
const { db } = database;
const now = () => new Date();

const nc = await connect({ servers: env.NATS_URL, name: 'directory' });
const js = jetstream(nc);
// The stream keeps every roster event, so a new consumer can rebuild its projection from the first.
await ensureStream(await js.jetstreamManager(), streams.directory);
const relay = startRelay({ db, js, logger });

const deps: Deps = {
  db,
  now,
  newId: randomUUID,
  keys: await loadTokenKeys(db, { issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE, now }),
  accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
  refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
  wakeRelay: () => relay.wake(),
  logger,
  ownerPageBaseUrl: env.PUBLIC_BASE_URL ?? env.YISHI_WEB_URL ?? 'http://127.0.0.1:4100',
};

if (env.BOOTSTRAP_ADMIN_LOGIN && env.BOOTSTRAP_ADMIN_PASSWORD) {
  const { created } = await ensureBootstrapAdmin(deps, {
    login: env.BOOTSTRAP_ADMIN_LOGIN,
    password: env.BOOTSTRAP_ADMIN_PASSWORD,
  });
  if (created)
    logger.info({ login: env.BOOTSTRAP_ADMIN_LOGIN }, 'created the first platform admin');
}
if (env.DEMO) {
  const demo = await seedDemo(deps);
  logger.info(
    { communityId: demo.communityId, created: demo.created },
    `demo community 幸福里; accounts ${demo.accounts.map((a) => `${a.login} (${a.role})`).join(', ')}; password ${DEMO_PASSWORD}`,
  );
}

// Imports whose process died stop looking busy; several replicas may run this at once.
await failInterruptedImports(deps);
const housekeeping = setInterval(() => {
  failInterruptedImports(deps).catch((err: unknown) => logger.warn({ err }, 'import sweep failed'));
}, 60_000);
const pruning = setInterval(() => {
  pruneSignInThrottle(deps).catch((err: unknown) =>
    logger.warn({ err }, 'throttle pruning failed'),
  );
}, 3_600_000);

const server = await serve(createDirectoryApp(deps), { port: env.PORT, hostname: env.HOST });
logger.info({ port: server.port }, 'directory listening');

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  clearInterval(pruning);
  clearInterval(housekeeping);
  await server.close();
  await relay.stop();
  await nc.drain();
  await database.close();
  process.exit(0);
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
