import { fileURLToPath } from 'node:url';
import { migrateBus } from '@yishi/bus';
import { createDatabase, type Db, migrate, type Tx } from '@yishi/db';
import * as schema from './schema/index.ts';

export type ProposalsDb = Db<typeof schema>;
export type ProposalsTx = Tx<typeof schema>;

/** The proposals database: PostgreSQL at `url`, else embedded PGlite in `dataDir`. */
export function openDatabase(config: { url?: string | undefined; dataDir: string; max?: number }) {
  return config.url
    ? createDatabase({ url: config.url, schema, max: config.max ?? 10 })
    : createDatabase({ dataDir: config.dataDir, schema });
}

/** Applies the bus tables' migrations, then the service's own. */
export async function migrateProposals(db: ProposalsDb): Promise<void> {
  await migrateBus(db);
  await migrate(db, {
    migrationsFolder: fileURLToPath(new URL('../../drizzle', import.meta.url)),
  });
}
