// The entry of startRelayThread's worker. Node 20 does not apply the parent's `--import tsx`
// loader to a worker's entry file, so the worker registers tsx itself before loading the
// TypeScript body (relay-worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./relay-worker.ts');
