import type { Worker } from 'node:worker_threads';
import { type BusLogger, stopWorker, typescriptWorker } from '@yishi/bus';
import type { ComputedProgress, ComputeProgress } from './figures.ts';

/** Messages from the thread: one answer per request, then `closed` when asked to stop. */
export type ProgressWorkerMessage =
  | { id: number; ok: true; value: ComputedProgress }
  | { id: number; ok: false; error: string }
  | { type: 'closed' };

export type ProgressWorkerRequest = { id: number; ballotId: string } | { type: 'close' };

const workerModule = new URL('./progress-worker.ts', import.meta.url);

/**
 * Progress computed in a worker thread with its own two database connections (progressFigures
 * there): reading every vote of a ballot and tallying the estate and each building takes tens of
 * milliseconds for a large estate, which on the event loop that takes votes showed as p99 latency
 * (services/ballots/bench). The thread starts with the first computation and again after it
 * died; a computation in flight when it dies fails, and the hub's next change retries.
 */
export function startProgressThread(options: { databaseUrl: string; logger: BusLogger }): {
  compute: ComputeProgress;
  close(): Promise<void>;
} {
  let worker: Worker | undefined;
  let next = 0;
  let closing = false;
  const pending = new Map<
    number,
    { resolve: (v: ComputedProgress) => void; reject: (e: Error) => void }
  >();

  const running = () => {
    if (worker) return worker;
    const started = typescriptWorker(workerModule, { databaseUrl: options.databaseUrl });
    started.on('message', (message: ProgressWorkerMessage) => {
      if ('type' in message) return;
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.ok) waiting?.resolve(message.value);
      else waiting?.reject(new Error(message.error));
    });
    started.on('error', (err) => {
      options.logger.error({ err: err.message }, 'progress thread failed');
    });
    started.on('exit', (code) => {
      if (worker === started) worker = undefined;
      for (const [, waiting] of pending)
        waiting.reject(new Error(`progress thread exited (${code})`));
      pending.clear();
    });
    worker = started;
    return started;
  };

  return {
    compute(ballotId) {
      if (closing) return Promise.reject(new Error('progress thread closed'));
      next += 1;
      const id = next;
      return new Promise<ComputedProgress>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        running().postMessage({ id, ballotId } satisfies ProgressWorkerRequest);
      });
    },
    async close() {
      closing = true;
      const current = worker;
      if (!current) return;
      await stopWorker<ProgressWorkerMessage>(current, {
        request: { type: 'close' } satisfies ProgressWorkerRequest,
        stopped: (message) => 'type' in message,
        timeoutMs: 5_000,
      });
    },
  };
}
