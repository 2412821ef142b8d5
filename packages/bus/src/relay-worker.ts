/**
 * The body of {@link startRelayThread}'s worker: opens its own database and NATS connections,
 * runs {@link startRelay} until told to stop, and sends its log lines to the parent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createDatabase } from '@yishi/db';
import { errorMessage } from './errors.ts';
import type { BusLogger } from './logger.ts';
import { type Relay, startRelay } from './relay.ts';
import type { RelayWorkerData, RelayWorkerMessage } from './relay-thread.ts';
import { Waker } from './waker.ts';

const port = parentPort;
if (!port) throw new Error('relay-worker.ts runs as a worker thread (startRelayThread)');
const { databaseUrl, natsServers, natsName, ...relayOptions } = (
  workerData as { data: RelayWorkerData }
).data;

const post = (message: RelayWorkerMessage) => port.postMessage(message);
const logAt = (level: keyof BusLogger) => (fields: Record<string, unknown>, message: string) =>
  post({ type: 'log', level, fields, message });
const logger: BusLogger = {
  debug: logAt('debug'),
  info: logAt('info'),
  warn: logAt('warn'),
  error: logAt('error'),
};

const database = createDatabase({ url: databaseUrl, max: 2 });
let stopping = false;
const retry = new Waker();

/** Connects to NATS (retrying: it may not be up yet, as the in-process relay would keep failing rounds), then relays. */
const running = (async (): Promise<{ relay?: Relay; nc?: NatsConnection }> => {
  for (let attempt = 0; !stopping; attempt += 1) {
    try {
      const nc = await connect({
        servers: natsServers,
        name: natsName,
        noAsyncTraces: true,
        maxReconnectAttempts: -1,
      });
      if (stopping) return { nc };
      // A connection closed for good (reconnects are retried forever) ends this thread, and so
      // its relay; the parent starts a new one. process.exit in a worker ends the worker only.
      void nc.closed().then((err) => {
        if (stopping) return;
        logger.error({ err: err ? errorMessage(err) : undefined }, 'outbox relay lost NATS');
        process.exit(1);
      });
      return {
        nc,
        relay: startRelay({ db: database.db, js: jetstream(nc), logger, ...relayOptions }),
      };
    } catch (err) {
      logger.error({ err: errorMessage(err), attempt }, 'outbox relay cannot reach NATS; retrying');
      await retry.wait(Math.min(200 * 2 ** attempt, 10_000));
    }
  }
  return {};
})();

port.on('message', (message: 'wake' | 'stop') => {
  if (message === 'wake') void running.then(({ relay }) => relay?.wake());
  else if (!stopping) void stop();
});

async function stop() {
  stopping = true;
  retry.wake();
  const { relay, nc } = await running;
  await relay?.stop();
  await nc?.close();
  await database.close();
  post({ type: 'stopped' });
}
