import { Worker } from 'node:worker_threads';

const entry = new URL('./typescript-worker.mjs', import.meta.url);

/**
 * A worker thread running the TypeScript module at `module` (through tsx, as the services run),
 * with `data` as its `workerData.data`.
 */
export function typescriptWorker(module: URL, data: unknown): Worker {
  return new Worker(entry, { workerData: { module: module.href, data } });
}

/**
 * Asks `worker` to stop (posts `request`), terminates it once it answers a message for which
 * `stopped` is true, or after `timeoutMs` (calling `onTimeout`), and resolves when it has exited.
 */
export function stopWorker<M>(
  worker: Worker,
  options: {
    request: unknown;
    stopped: (message: M) => boolean;
    timeoutMs: number;
    onTimeout?: () => void;
  },
): Promise<void> {
  return new Promise<void>((resolve) => {
    const cut = setTimeout(() => {
      options.onTimeout?.();
      void worker.terminate();
    }, options.timeoutMs);
    worker.once('exit', () => {
      clearTimeout(cut);
      resolve();
    });
    worker.on('message', (message: M) => {
      if (options.stopped(message)) void worker.terminate();
    });
    worker.postMessage(options.request);
  });
}
