import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from '@yishi/db';
import { and, eq, isNull } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import type * as schema from '../db/schema/index.ts';
import { refreshTokens } from '../db/schema/index.ts';

type Tx = Executor<typeof schema>;

/** Only the SHA-256 of a refresh token is stored: a database leak yields no usable token. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** Issues a refresh token (32 random bytes, base64url) in `familyId` and returns it. */
export async function issueRefreshToken(
  tx: Tx,
  ctx: Pick<Deps, 'newId' | 'refreshTokenTtlDays'>,
  input: { staffId: string; familyId: string; now: Date },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await tx.insert(refreshTokens).values({
    id: ctx.newId(),
    staffId: input.staffId,
    familyId: input.familyId,
    tokenHash: hashRefreshToken(token),
    expiresAt: new Date(input.now.getTime() + ctx.refreshTokenTtlDays * 86_400_000),
    createdAt: input.now,
  });
  return token;
}

/** Revokes every token of a family (sign-out, or a rotated token presented again). */
export async function revokeFamily(tx: Tx, familyId: string, now: Date): Promise<void> {
  await tx
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** Revokes every session of a staff account (password changed, account disabled). */
export async function revokeAllSessions(tx: Tx, staffId: string, now: Date): Promise<void> {
  await tx
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(eq(refreshTokens.staffId, staffId), isNull(refreshTokens.revokedAt)));
}
