/** The body of startProgressThread's worker: computes progress with connections of its own. */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/database.ts';
import { progressFigures } from './figures.ts';
import type { ProgressWorkerMessage, ProgressWorkerRequest } from './progress-thread.ts';

const port = parentPort;
if (!port) throw new Error('progress-worker.ts runs as a worker thread (startProgressThread)');
const { databaseUrl } = (workerData as { data: { databaseUrl: string } }).data;
const database = openDatabase({ url: databaseUrl, dataDir: '', max: 2 });
const compute = progressFigures(database.db);
const post = (message: ProgressWorkerMessage) => port.postMessage(message);

port.on('message', async (request: ProgressWorkerRequest) => {
  if ('type' in request) {
    await database.close();
    post({ type: 'closed' });
    return;
  }
  try {
    post({ id: request.id, ok: true, value: await compute(request.ballotId) });
  } catch (err) {
    post({ id: request.id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
