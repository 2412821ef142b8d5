export { type Cell, type ColumnType, insertColumns } from './bulk.ts';
export {
  createDatabase,
  type Database,
  type DatabaseConfig,
  type EmbeddedDatabaseConfig,
  type ServerDatabaseConfig,
} from './create-database.ts';
export { transactionLock } from './locks.ts';
export { type MigrateOptions, migrate } from './migrate.ts';
export type { Db, Executor, Schema, Tx } from './types.ts';
