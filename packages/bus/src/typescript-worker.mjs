// The entry of every typescriptWorker: Node 20 does not apply the parent's `--import tsx` loader
// to a worker's entry file, so the worker registers tsx itself, then loads the TypeScript module
// it was started for.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
