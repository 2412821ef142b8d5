import type { StaffRole } from '@yishi/auth';
import type { Executor } from '@yishi/db';
import { forbidden, rateLimited, unauthenticated } from '@yishi/errors';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import type * as schema from '../db/schema/index.ts';
import { refreshTokens, staff } from '../db/schema/index.ts';
import { issueAccessToken, loadAccess, type Membership } from './access.ts';
import { normalizeLogin } from './login.ts';
import { messages } from './messages.ts';
import { verifyPassword } from './passwords.ts';
import { hashRefreshToken, issueRefreshToken, revokeFamily } from './refresh-tokens.ts';
import { beginSignInAttempt, clearSignInFailures } from './throttle.ts';

/** Who is signed in, as the web shows it. */
export interface StaffProfile {
  id: string;
  login: string;
  displayName: string;
  platformAdmin: boolean;
  roles: StaffRole[];
  communities: string[];
  buildings?: string[];
  memberships: Membership[];
}

/** What sign-in and refresh answer. */
export interface Session {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  staff: StaffProfile;
}

type Account = typeof staff.$inferSelect;

/** Issues an access token and a refresh token in `familyId`, inside the caller's transaction. */
async function openSession(
  tx: Executor<typeof schema>,
  ctx: Deps,
  account: Account,
  familyId: string,
  now: Date,
): Promise<Session> {
  const { memberships, ...claims } = await loadAccess(tx, account);
  const refreshToken = await issueRefreshToken(tx, ctx, { staffId: account.id, familyId, now });
  return {
    accessToken: await issueAccessToken(ctx, account.id, { ...claims, memberships }, now),
    tokenType: 'Bearer',
    expiresIn: ctx.accessTokenTtlSeconds,
    refreshToken,
    staff: {
      id: account.id,
      login: account.login,
      displayName: account.displayName,
      platformAdmin: account.platformAdmin,
      ...claims,
      memberships,
    },
  };
}

/**
 * Signs a staff member in with login and password. Unknown logins and wrong passwords get the same
 * answer in the same time; a locked login is refused before its password is looked at.
 */
export async function signIn(
  ctx: Deps,
  input: { login: string; password: string },
): Promise<Session> {
  const now = ctx.now();
  const login = normalizeLogin(input.login);
  const attempt = await beginSignInAttempt(ctx.db, login, now);
  if (attempt.locked) {
    throw rateLimited(messages.locked, {
      details: { retryAfterSeconds: attempt.retryAfterSeconds },
    });
  }
  const [account] = await ctx.db.select().from(staff).where(eq(staff.login, login));
  const matches = await verifyPassword(account?.passwordHash ?? null, input.password);
  if (!account || !matches) {
    ctx.logger.info({ reason: 'bad_credentials' }, 'sign-in refused');
    throw unauthenticated(messages.badCredentials, { details: { reason: 'bad_credentials' } });
  }
  await clearSignInFailures(ctx.db, login);
  // Told only to whoever knows the password, so it reveals nothing to a guesser.
  if (account.disabledAt !== null) {
    throw forbidden(messages.disabled, { details: { reason: 'account_disabled' } });
  }
  return ctx.db.transaction((tx) => openSession(tx, ctx, account, ctx.newId(), now));
}

const sessionEnded = () =>
  unauthenticated(messages.sessionEnded, { details: { reason: 'refresh_token_invalid' } });

/**
 * Trades a refresh token for a new pair, rotating it within its family. A token that was already
 * used (or revoked) has leaked or been replayed: the whole family is revoked and the caller must
 * sign in again.
 */
export async function refreshSession(ctx: Deps, input: { refreshToken: string }): Promise<Session> {
  const now = ctx.now();
  const tokenHash = hashRefreshToken(input.refreshToken);
  const outcome = await ctx.db.transaction(async (tx) => {
    const [token] = await tx
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, tokenHash));
    if (!token) return { ok: false as const };
    // Marking it used in one conditional update settles two concurrent refreshes: one wins, the
    // other counts as reuse.
    const [claimed] = await tx
      .update(refreshTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(refreshTokens.id, token.id),
          isNull(refreshTokens.usedAt),
          isNull(refreshTokens.revokedAt),
          gt(refreshTokens.expiresAt, now),
        ),
      )
      .returning({ id: refreshTokens.id });
    if (!claimed) {
      await revokeFamily(tx, token.familyId, now);
      return { ok: false as const, reused: token.usedAt !== null || token.revokedAt !== null };
    }
    const [account] = await tx.select().from(staff).where(eq(staff.id, token.staffId));
    if (!account || account.disabledAt !== null) {
      await revokeFamily(tx, token.familyId, now);
      return { ok: false as const };
    }
    return { ok: true as const, session: await openSession(tx, ctx, account, token.familyId, now) };
  });
  if (!outcome.ok) {
    if ('reused' in outcome && outcome.reused)
      ctx.logger.warn({ reason: 'refresh_token_reused' }, 'session revoked');
    throw sessionEnded();
  }
  return outcome.session;
}

/** Ends the session a refresh token belongs to (its whole family). Unknown tokens are ignored. */
export async function signOut(ctx: Deps, input: { refreshToken: string }): Promise<void> {
  const [token] = await ctx.db
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, hashRefreshToken(input.refreshToken)));
  if (token) await revokeFamily(ctx.db, token.familyId, ctx.now());
}

/** The signed-in account as the directory holds it now (roles may have changed since sign-in). */
export async function getOwnProfile(ctx: Deps, staffId: string): Promise<StaffProfile> {
  const [account] = await ctx.db.select().from(staff).where(eq(staff.id, staffId));
  if (!account || account.disabledAt !== null) throw sessionEnded();
  const { memberships, ...claims } = await loadAccess(ctx.db, account);
  return {
    id: account.id,
    login: account.login,
    displayName: account.displayName,
    platformAdmin: account.platformAdmin,
    ...claims,
    memberships,
  };
}
