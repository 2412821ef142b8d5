import type { Worker } from 'node:worker_threads';
import { errorMessage } from './errors.ts';
import { type BusLogger, silentLogger } from './logger.ts';
import type { Relay, RelayOptions } from './relay.ts';
import { stopWorker, typescriptWorker } from './typescript-worker.ts';

/** What the relay thread needs to open its own connections, and the relay's settings. */
export interface RelayThreadOptions
  extends Pick<
    RelayOptions<never>,
    'batchSize' | 'pollIntervalMs' | 'maxBackoffMs' | 'minIntervalMs'
  > {
  /** The service's PostgreSQL URL; the thread opens two connections of its own. */
  databaseUrl: string;
  /** The NATS server(s), as given to `connect`. */
  natsServers: string | string[];
  /** Connection name shown by nats-server, e.g. `ballots-relay`. */
  natsName?: string;
  logger?: BusLogger;
  /** Pause before a thread that died is started again, doubling while it keeps dying. Default 1 s. */
  restartDelayMs?: number;
  /** Longest such pause. Default 60 s. */
  maxRestartDelayMs?: number;
  /** How long `stop()` lets the round in flight finish before cutting the thread. Default 15 s. */
  stopTimeoutMs?: number;
}

/** The settings handed to the thread (everything but the logger, which stays here). */
export type RelayWorkerData = Omit<
  RelayThreadOptions,
  'logger' | 'restartDelayMs' | 'maxRestartDelayMs' | 'stopTimeoutMs'
>;

/** Messages from the thread. */
export type RelayWorkerMessage =
  | { type: 'log'; level: keyof BusLogger; fields: Record<string, unknown>; message: string }
  | { type: 'stopped' };

const workerModule = new URL('./relay-worker.ts', import.meta.url);

/**
 * The outbox relay ({@link startRelay}) in a worker thread of its own, with its own database
 * connections and NATS connection. Same contract: `wake()` after a commit, `stop()` finishes the
 * round in flight (within `stopTimeoutMs`). The rows stay the only hand-off, so nothing is lost if
 * the thread dies: it is started again after `restartDelayMs` (doubling up to `maxRestartDelayMs`
 * while it keeps dying) and publishes what is still unmarked (JetStream drops a second copy by its
 * message id). The thread ends itself when its NATS connection closes for good, to be started
 * again with a fresh one.
 *
 * Why a thread: on the vote path the relay's work (reading rows, encoding messages, reading
 * acknowledgements) took about a sixth of the event loop that also parses requests and writes
 * votes (services/ballots/bench). Only for a PostgreSQL server: an embedded PGlite serves one
 * connection, in its own process.
 *
 * @example
 * const relay = env.DATABASE_URL
 *   ? startRelayThread({ databaseUrl: env.DATABASE_URL, natsServers: env.NATS_URL, logger })
 *   : startRelay({ db, js, logger });
 */
export function startRelayThread(options: RelayThreadOptions): Relay {
  const {
    logger = silentLogger,
    restartDelayMs = 1_000,
    maxRestartDelayMs = 60_000,
    stopTimeoutMs = 15_000,
    ...data
  } = options;
  let worker: Worker | undefined;
  let stopping = false;
  let restartTimer: ReturnType<typeof setTimeout> | undefined;
  // Restarts in a row; a thread that ran for a minute counts as healthy again.
  let restarts = 0;
  let startedAt = 0;

  const restartLater = () => {
    if (performance.now() - startedAt > 60_000) restarts = 0;
    const delay = Math.min(restartDelayMs * 2 ** restarts, maxRestartDelayMs);
    restarts += 1;
    logger.error({ restarts, delayMs: delay }, 'outbox relay thread stopped; starting it again');
    restartTimer = setTimeout(start, delay);
  };

  function start() {
    startedAt = performance.now();
    let started: Worker;
    try {
      started = typescriptWorker(workerModule, data satisfies RelayWorkerData);
    } catch (err) {
      logger.error({ err: errorMessage(err) }, 'outbox relay thread cannot start');
      restartLater();
      return;
    }
    worker = started;
    started.on('message', (message: RelayWorkerMessage) => {
      if (message.type === 'log') logger[message.level](message.fields, message.message);
    });
    started.on('error', (err) => {
      logger.error({ err: errorMessage(err) }, 'outbox relay thread failed');
    });
    started.on('exit', (code) => {
      if (worker === started) worker = undefined;
      if (stopping) return;
      logger.error({ code }, 'outbox relay thread exited');
      restartLater();
    });
  }
  start();

  return {
    wake() {
      worker?.postMessage('wake');
    },
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      const running = worker;
      if (!running) return;
      // A round stuck on the database must not hold the shutdown: cut it after stopTimeoutMs
      // (its transaction rolls back; the rows are published again by the next relay).
      await stopWorker<RelayWorkerMessage>(running, {
        request: 'stop',
        stopped: (message) => message.type === 'stopped',
        timeoutMs: stopTimeoutMs,
        onTimeout: () =>
          logger.warn({ stopTimeoutMs }, 'outbox relay thread did not stop in time; terminated'),
      });
    },
  };
}
