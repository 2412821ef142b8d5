import { eq } from 'drizzle-orm';
import type { NotificationsTx } from '../db/database.ts';
import { communities } from '../db/schema/index.ts';

/** The community's name for the greeting, when the directory has told us. */
export async function communityName(
  tx: NotificationsTx,
  communityId: string,
): Promise<string | undefined> {
  const [row] = await tx
    .select({ name: communities.name })
    .from(communities)
    .where(eq(communities.communityId, communityId));
  return row?.name;
}
