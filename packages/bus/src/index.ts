export {
  type BatchOptions,
  type ConsumerOptions,
  type RunningConsumer,
  type SingleEventOptions,
  startConsumer,
} from './consumer.ts';
export { type AnyContract, contractKey } from './contract.ts';
export {
  enqueue,
  enqueueAll,
  enqueueIfAbsent,
  outboxInsert,
  type PreparedEvent,
  prepareEvent,
} from './enqueue.ts';
export { decode } from './handle-message.ts';
export { type BusLogger, silentLogger } from './logger.ts';
export { busMigrationsFolder, busMigrationsTable, migrateBus } from './migrations.ts';
export { type Relay, type RelayOptions, type RelayRound, relayBatch, startRelay } from './relay.ts';
export { type RelayThreadOptions, startRelayThread } from './relay-thread.ts';
export { busSchema, deadLetters, inbox, outbox } from './schema.ts';
export { type EnsureStreamOptions, ensureStream } from './stream.ts';
export { stopWorker, typescriptWorker } from './typescript-worker.ts';
