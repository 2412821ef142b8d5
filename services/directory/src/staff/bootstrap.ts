import { type Executor, transactionLock } from '@yishi/db';
import { eq, sql } from 'drizzle-orm';
import type * as schema from '../db/schema/index.ts';
import { staff } from '../db/schema/index.ts';
import { loadActor } from './actor.ts';
import { assertPasswordAcceptable, normalizeLogin } from './login.ts';
import { hashPassword } from './passwords.ts';
import { revokeAllSessions } from './refresh-tokens.ts';
import type { StaffStore } from './views.ts';
import { recordStaffAction } from './views.ts';

// Serialises bootstraps of replicas starting together, so only one creates the first admin.
const bootstrapLock = sql`select ${transactionLock('yishi.directory.bootstrap-admin')}`;

async function anyPlatformAdmin(db: Executor<typeof schema>): Promise<boolean> {
  const rows = await db
    .select({ id: staff.id })
    .from(staff)
    .where(eq(staff.platformAdmin, true))
    .limit(1);
  return rows.length > 0;
}

/**
 * Creates the first platform admin of a fresh install, and does nothing once any platform admin
 * exists. Safe to call on every start of every replica (main.ts does, with BOOTSTRAP_ADMIN_*).
 *
 * @example
 * ```ts
 * if (env.BOOTSTRAP_ADMIN_LOGIN && env.BOOTSTRAP_ADMIN_PASSWORD) {
 *   await ensureBootstrapAdmin(deps, { login: env.BOOTSTRAP_ADMIN_LOGIN, password: env.BOOTSTRAP_ADMIN_PASSWORD });
 * }
 * ```
 */
export async function ensureBootstrapAdmin(
  ctx: StaffStore,
  input: { login: string; password: string; displayName?: string },
): Promise<{ created: boolean; staffId?: string }> {
  if (await anyPlatformAdmin(ctx.db)) return { created: false };
  const login = normalizeLogin(input.login);
  assertPasswordAcceptable(login, input.password);
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    await tx.execute(bootstrapLock);
    if (await anyPlatformAdmin(tx)) return { created: false };
    const [account] = await tx
      .insert(staff)
      .values({
        id: ctx.newId(),
        login,
        displayName: input.displayName ?? '平台管理员',
        passwordHash,
        platformAdmin: true,
        createdAt: now,
      })
      .onConflictDoNothing({ target: staff.login })
      .returning();
    if (!account) {
      throw new Error(
        `Cannot bootstrap the platform admin: the login "${login}" belongs to an account that is not one`,
      );
    }
    const actor = await loadActor(tx, { system: 'bootstrap' });
    await recordStaffAction(
      tx,
      actor,
      {
        action: 'staff.created',
        staffId: account.id,
        communityIds: [],
        details: () => ({ login, displayName: account.displayName, platformAdmin: true }),
        via: 'bootstrap',
      },
      now,
    );
    return { created: true, staffId: account.id };
  });
}

/**
 * The break-glass path of the create-admin CLI: makes `login` a platform admin with this password,
 * creating the account or, if it exists, promoting and re-enabling it and ending its sessions.
 */
export async function upsertPlatformAdmin(
  ctx: StaffStore,
  input: { login: string; displayName: string; password: string },
): Promise<{ action: 'created' | 'updated'; staffId: string }> {
  const login = normalizeLogin(input.login);
  assertPasswordAcceptable(login, input.password);
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const actor = await loadActor(tx, { system: 'cli' });
    const [existing] = await tx.select().from(staff).where(eq(staff.login, login)).for('update');
    if (existing) {
      await tx
        .update(staff)
        .set({
          platformAdmin: true,
          disabledAt: null,
          passwordHash,
          displayName: input.displayName,
        })
        .where(eq(staff.id, existing.id));
      await revokeAllSessions(tx, existing.id, now);
      await recordStaffAction(
        tx,
        actor,
        {
          action: 'staff.updated',
          staffId: existing.id,
          communityIds: [],
          details: () => ({
            platformAdmin: true,
            disabled: false,
            passwordReset: true,
            ...(existing.displayName === input.displayName
              ? {}
              : { displayName: { from: existing.displayName, to: input.displayName } }),
          }),
          via: 'cli',
        },
        now,
      );
      return { action: 'updated' as const, staffId: existing.id };
    }
    const id = ctx.newId();
    await tx.insert(staff).values({
      id,
      login,
      displayName: input.displayName,
      passwordHash,
      platformAdmin: true,
      createdAt: now,
    });
    await recordStaffAction(
      tx,
      actor,
      {
        action: 'staff.created',
        staffId: id,
        communityIds: [],
        details: () => ({ login, displayName: input.displayName, platformAdmin: true }),
        via: 'cli',
      },
      now,
    );
    return { action: 'created' as const, staffId: id };
  });
}
