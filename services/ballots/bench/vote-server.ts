/**
 * One server process of `SERVERS=N` (vote.bench.ts): a node:cluster worker sharing the port with
 * the others, with its own database pool (its share of the bench's 20 connections), its own group
 * commit and its own outbox relay (rows taken with SKIP LOCKED, so relays never publish the same
 * row twice). Told what to do through the environment by the bench; answers `listening` once
 * bound, resets its statement count on `count` and, on `stop`, closes everything and sends it.
 */

import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createLogger, serve } from '@yishi/app';
import { createVerifier, generateSigningKey } from '@yishi/auth';
import { startRelay } from '@yishi/bus';
import { createBallotsApp } from '../src/app.ts';
import type { Deps } from '../src/context.ts';
import { openDatabase } from '../src/db/database.ts';
import { deriveLinkKeys } from '../src/voting/link-token.ts';
import type { VoteBatchOptions } from '../src/voting/vote-batcher.ts';

const config = JSON.parse(process.env.BENCH_SERVER ?? '{}') as {
  url: string;
  natsUrl: string;
  pool: number;
  linkSecret: string;
  voteBatch: VoteBatchOptions | false;
  relay: boolean;
  relayMinIntervalMs?: number;
};
const send = (message: object) => process.send?.(message);

// Statements sent to PostgreSQL, counted as vote.bench.ts does in its own process (writes, simple
// `Q` and extended `B`ind messages), reported on `stop`.
const pgPort = Number(new URL(config.url).port);
const wire = { writes: 0, simple: 0, bound: 0 };
const socketWrite = Socket.prototype.write;
Socket.prototype.write = function (this: Socket, chunk: unknown, ...rest: unknown[]) {
  if (this.remotePort === pgPort && Buffer.isBuffer(chunk) && chunk[0] !== 0) {
    wire.writes += 1;
    for (let at = 0; at + 5 <= chunk.length; at += 1 + chunk.readInt32BE(at + 1)) {
      if (chunk[at] === 0x51) wire.simple += 1;
      else if (chunk[at] === 0x42) wire.bound += 1;
    }
  }
  return (socketWrite as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
} as typeof Socket.prototype.write;

const database = openDatabase({ url: config.url, dataDir: '', max: config.pool });
const { db } = database;
const nc = await connect({ servers: config.natsUrl, noAsyncTraces: true });
const js = jetstream(nc);
const relay = config.relay
  ? startRelay({
      db,
      js,
      ...(config.relayMinIntervalMs !== undefined && { minIntervalMs: config.relayMinIntervalMs }),
    })
  : { wake() {}, stop: async () => {} };
const key = await generateSigningKey();
const deps: Deps = {
  db,
  now: () => new Date(),
  newId: randomUUID,
  verifier: createVerifier({ keys: [key], issuer: 'yishi-directory', audience: 'yishi' }),
  links: deriveLinkKeys(config.linkSecret),
  publicBaseUrl: 'http://127.0.0.1',
  wakeRelay: () => relay.wake(),
  logger: createLogger({ service: 'ballots', level: 'error' }),
};
// Port 0 in a cluster worker: the primary picks one port the first time and every worker gets it.
const server = await serve(createBallotsApp({ ...deps, voteBatch: config.voteBatch } as Deps), {
  port: 0,
  hostname: '127.0.0.1',
});
send({ type: 'listening', port: server.port });

process.on('message', async (message: { type?: string }) => {
  if (message.type === 'count') Object.assign(wire, { writes: 0, simple: 0, bound: 0 });
  if (message.type !== 'stop') return;
  await server.close();
  await relay.stop();
  await nc.close();
  await database.close();
  process.send?.({ type: 'wire', ...wire }, () => process.exit(0));
});
