/** Applies the directory's migrations and exits (run by the launcher before main.ts). */
import { migrateDirectory, openDatabase } from './db/database.ts';
import { readEnv } from './env.ts';

const env = readEnv();
const database = openDatabase({ url: env.DATABASE_URL, dataDir: env.PGLITE_DIR });
try {
  await migrateDirectory(database.db);
} finally {
  await database.close();
}
