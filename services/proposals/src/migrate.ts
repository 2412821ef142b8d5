/** Applies the proposals service's migrations and exits (run by the launcher before main.ts). */
import { migrateProposals, openDatabase } from './db/database.ts';
import { readEnv } from './env.ts';

const env = readEnv();
const database = openDatabase({ url: env.DATABASE_URL, dataDir: env.PGLITE_DIR, max: 1 });
try {
  await migrateProposals(database.db);
} finally {
  await database.close();
}
