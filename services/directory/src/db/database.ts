import { fileURLToPath } from 'node:url';
import { migrateBus } from '@yishi/bus';
import { createDatabase, type Db, migrate } from '@yishi/db';
import * as schema from './schema/index.ts';

export type DirectoryDb = Db<typeof schema>;

/** The directory's database: PostgreSQL at `url`, else embedded PGlite in `dataDir`. */
export function openDatabase(config: { url?: string | undefined; dataDir: string }) {
  return config.url
    ? createDatabase({ url: config.url, schema, max: 10 })
    : createDatabase({ dataDir: config.dataDir, schema });
}

/** Applies the bus tables' migrations, then the directory's own. */
export async function migrateDirectory(db: DirectoryDb): Promise<void> {
  await migrateBus(db);
  await migrate(db, {
    migrationsFolder: fileURLToPath(new URL('../../drizzle', import.meta.url)),
  });
}
