import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { findNatsServer } from './binaries.ts';
import { freePort, type ServerProcess, spawnServer, waitUntilReady } from './process.ts';

/** A nats-server with JetStream started for one test run. */
export interface NatsServer {
  readonly url: string;
  /** HTTP monitoring endpoint (`/varz`, `/jsz`, ...). */
  readonly monitorUrl: string;
  readonly dir: string;
  readonly process: ServerProcess;
  stop(): Promise<void>;
}

/** Starts nats-server with JetStream on free ports, storing streams in a temp dir. */
export async function startNats(options: { timeoutMs?: number } = {}): Promise<NatsServer> {
  const bin = findNatsServer();
  const dir = mkdtempSync(join(tmpdir(), 'yishi-nats-'));
  const port = await freePort();
  const monitorPort = await freePort();
  const server = spawnServer(bin, [
    ...['-js', '-sd', join(dir, 'jetstream')],
    ...['-a', '127.0.0.1', '-p', String(port), '-m', String(monitorPort)],
  ]);
  const url = `nats://127.0.0.1:${port}`;
  const stop = async () => {
    await server.stop('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady('nats-server', server, () => probe(url), options.timeoutMs ?? 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, monitorUrl: `http://127.0.0.1:${monitorPort}`, dir, process: server, stop };
}

/** Ready means JetStream answers, not only that the port accepts connections. */
async function probe(url: string): Promise<void> {
  const nc = await connect({ servers: url, reconnect: false, timeout: 1_000 });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.getAccountInfo();
  } finally {
    await nc.close();
  }
}
