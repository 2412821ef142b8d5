import type { OwnerClaims } from '@yishi/auth';
import { eq } from 'drizzle-orm';
import type { MeetingsDb } from '../db/database.ts';
import { dirOwnerLinks } from '../db/schema/index.ts';

/**
 * The current version of an owner key's page link (from `directory.owner_link.revoked`); a token
 * below it was revoked. Undefined for a link never re-issued (version 1).
 */
export function ownerLinkVersion(db: MeetingsDb) {
  return async (claims: OwnerClaims): Promise<number | undefined> => {
    const [link] = await db
      .select({ version: dirOwnerLinks.version })
      .from(dirOwnerLinks)
      .where(eq(dirOwnerLinks.holderId, claims.holderId));
    return link?.version;
  };
}
