/** Applies the notifications service's migrations and exits (run by the launcher before main.ts). */
import { migrateNotifications, openDatabase } from './db/database.ts';
import { readEnv } from './env.ts';

const env = readEnv();
const database = openDatabase({ url: env.DATABASE_URL, dataDir: env.PGLITE_DIR });
try {
  await migrateNotifications(database.db);
} finally {
  await database.close();
}
