import { rateLimited, validationFailed } from '@yishi/errors';
import { eq } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import { staff } from '../db/schema/index.ts';
import { type Actor, assertManagesAccount, loadActor, loadTarget } from './actor.ts';
import { assertPasswordAcceptable } from './login.ts';
import { messages } from './messages.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { revokeAllSessions } from './refresh-tokens.ts';
import { beginSignInAttempt, clearSignInFailures } from './throttle.ts';
import { recordStaffAction } from './views.ts';

export interface ChangePasswordInput {
  actor: Actor;
  staffId: string;
  /** Required when changing one's own password. */
  currentPassword?: string;
  newPassword: string;
}

/**
 * Sets a new password: one's own (proving the current one, throttled like sign-in, so a stolen
 * access token cannot be used to guess it) or another account's as its admin. Every session of
 * the account ends; the password itself is never recorded.
 */
export async function changePassword(
  ctx: Deps,
  input: ChangePasswordInput,
): Promise<{ reset: boolean }> {
  const now = ctx.now();
  const actor = await loadActor(ctx.db, input.actor);
  const target = await loadTarget(ctx.db, actor, input.staffId);
  const self = actor.staffId === target.account.id;
  if (self) {
    await proveCurrentPassword(ctx, target.account, input.currentPassword ?? '', now);
  } else {
    assertManagesAccount(actor, target);
  }
  assertPasswordAcceptable(target.account.login, input.newPassword, 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);

  await ctx.db.transaction(async (tx) => {
    await tx.update(staff).set({ passwordHash }).where(eq(staff.id, target.account.id));
    await revokeAllSessions(tx, target.account.id, now);
    await recordStaffAction(
      tx,
      actor,
      {
        action: self ? 'staff.password.changed' : 'staff.password.reset',
        staffId: target.account.id,
        communityIds: target.memberships.map((m) => m.communityId),
        details: () => ({}),
      },
      now,
    );
  });
  return { reset: !self };
}

async function proveCurrentPassword(
  ctx: Deps,
  account: { login: string; passwordHash: string },
  currentPassword: string,
  now: Date,
) {
  const attempt = await beginSignInAttempt(ctx.db, account.login, now);
  if (attempt.locked) {
    throw rateLimited(messages.locked, {
      details: { retryAfterSeconds: attempt.retryAfterSeconds },
    });
  }
  if (!(await verifyPassword(account.passwordHash, currentPassword))) {
    throw validationFailed(messages.currentPasswordWrong, {
      details: {
        issues: [
          {
            path: ['currentPassword'],
            code: 'wrong_password',
            message: messages.currentPasswordWrong.en,
          },
        ],
      },
    });
  }
  await clearSignInFailures(ctx.db, account.login);
}
