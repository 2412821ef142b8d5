import { alreadyExists, forbidden, validationFailed } from '@yishi/errors';
import { staff, staffRoles } from '../db/schema/index.ts';
import type { Membership } from './access.ts';
import { type Actor, assertManages, loadActor } from './actor.ts';
import { assertPasswordAcceptable, normalizeLogin } from './login.ts';
import { messages } from './messages.ts';
import { hashPassword } from './passwords.ts';
import { publishStaffRecorded } from './staff-events.ts';
import type { StaffStore } from './views.ts';
import { mergeMemberships, recordStaffAction, type StaffView, toStaffView } from './views.ts';

export interface CreateStaffInput {
  actor: Actor;
  login: string;
  displayName: string;
  password: string;
  /** Only a platform admin (or the system) may create another. */
  platformAdmin?: boolean;
  memberships: Membership[];
}

/**
 * Creates a staff account. A platform admin may create any account; a committee admin only
 * accounts whose roles all lie in communities they administer, and never a platform admin.
 *
 * @example
 * ```ts
 * await createStaff(deps, {
 *   actor: { system: 'demo' },
 *   login: '13800138000', displayName: '王主任', password: 'long enough secret',
 *   memberships: [{ communityId, roles: ['committee_admin'] }],
 * });
 * ```
 */
export async function createStaff(ctx: StaffStore, input: CreateStaffInput): Promise<StaffView> {
  const login = normalizeLogin(input.login);
  assertPasswordAcceptable(login, input.password);
  const memberships = mergeMemberships(input.memberships).filter((m) => m.roles.length > 0);
  const platformAdmin = input.platformAdmin ?? false;
  if (!platformAdmin && memberships.length === 0) {
    throw validationFailed(messages.noRole, {
      details: {
        issues: [{ path: ['memberships'], code: 'no_role', message: messages.noRole.en }],
      },
    });
  }
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now();
  const view = await ctx.db.transaction(async (tx) => {
    const actor = await loadActor(tx, input.actor);
    if (platformAdmin && !actor.platformAdmin) throw forbidden(messages.platformAdminOnly);
    await assertManages(
      tx,
      actor,
      memberships.map((m) => m.communityId),
    );
    const [account] = await tx
      .insert(staff)
      .values({
        id: ctx.newId(),
        login,
        displayName: input.displayName.trim(),
        passwordHash,
        platformAdmin,
        createdAt: now,
      })
      .onConflictDoNothing({ target: staff.login })
      .returning();
    if (!account) throw alreadyExists(messages.loginTaken, { details: { field: 'login' } });
    const rows = memberships.flatMap(({ communityId, roles }) =>
      roles.map((role) => ({ staffId: account.id, communityId, role })),
    );
    if (rows.length > 0) await tx.insert(staffRoles).values(rows);
    await publishStaffRecorded(
      tx,
      { now: () => now, newId: ctx.newId },
      account.id,
      memberships.map((m) => m.communityId),
    );
    await recordStaffAction(
      tx,
      actor,
      {
        action: 'staff.created',
        staffId: account.id,
        communityIds: memberships.map((m) => m.communityId),
        details: (communityId) => ({
          login,
          displayName: account.displayName,
          platformAdmin,
          roles: memberships.find((m) => m.communityId === communityId)?.roles ?? [],
        }),
        ...('system' in input.actor ? { via: input.actor.system } : {}),
      },
      now,
    );
    return toStaffView(account, memberships);
  });
  ctx.wakeRelay?.();
  return view;
}
