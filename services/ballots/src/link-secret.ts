import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { BallotsDb } from './db/database.ts';
import { serviceSecrets } from './db/schema/index.ts';

/**
 * BALLOTS_LINK_SECRET from the env, or (local runs) one generated on first start and kept in the
 * database, so links survive restarts. Concurrent first starts agree on the first one written.
 */
export async function resolveLinkSecret(
  db: BallotsDb,
  fromEnv: string | undefined,
  now: Date,
): Promise<{ secret: string; generated: boolean }> {
  if (fromEnv) return { secret: fromEnv, generated: false };
  await db
    .insert(serviceSecrets)
    .values({ name: 'link_secret', value: randomBytes(32).toString('base64url'), createdAt: now })
    .onConflictDoNothing();
  const [row] = await db
    .select()
    .from(serviceSecrets)
    .where(eq(serviceSecrets.name, 'link_secret'));
  return { secret: row!.value, generated: true };
}
