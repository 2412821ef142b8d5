import { Worker } from 'node:worker_threads';

const entry = new URL('./typescript-worker.mjs', import.meta.url);

/**
 * A worker thread running the TypeScript module at `module` (through tsx, as the services run),
 * with `data` as its `workerData.data`.
 */
export function typescriptWorker(module: URL, data: unknown): Worker {
  return new Worker(entry, { workerData: { module: module.href, data } });
}
