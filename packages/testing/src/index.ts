export { findNatsServer, findPostgresBin, MissingBinaryError } from './binaries.ts';
export { createTestDatabase, type TestDatabase } from './database.ts';
export { manualClock } from './manual-clock.ts';
export { connectTestNats, uniqueName } from './nats.ts';
export { type NatsServer, startNats } from './nats-server.ts';
export { type PostgresServer, startPostgres } from './postgres-server.ts';
export { freePort, type ServerProcess, spawnServer, waitUntilReady } from './process.ts';
export { type ChildResult, runTsScript } from './run-script.ts';
export { waitFor } from './wait-for.ts';

import './provided-context.ts';
