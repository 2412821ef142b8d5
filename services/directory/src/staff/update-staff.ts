import { forbidden } from '@yishi/errors';
import { and, eq } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import { staff, staffRoles } from '../db/schema/index.ts';
import { type CommunityRole, loadMemberships, type Membership } from './access.ts';
import {
  type Actor,
  assertManages,
  assertManagesAccount,
  loadActor,
  loadTarget,
  visibleMemberships,
} from './actor.ts';
import { messages } from './messages.ts';
import { revokeAllSessions } from './refresh-tokens.ts';
import { publishStaffRecorded } from './staff-events.ts';
import { mergeMemberships, recordStaffAction, type StaffView, toStaffView } from './views.ts';

export interface UpdateStaffInput {
  actor: Actor;
  staffId: string;
  displayName?: string;
  /** Disabling ends every session of the account at once. */
  disabled?: boolean;
  platformAdmin?: boolean;
  /** Each entry replaces the account's roles in that community; empty roles remove it from it. */
  memberships?: Membership[];
}

type RoleChange = { added: CommunityRole[]; removed: CommunityRole[] };

function diffRoles(before: readonly CommunityRole[], after: readonly CommunityRole[]): RoleChange {
  return {
    added: after.filter((role) => !before.includes(role)),
    removed: before.filter((role) => !after.includes(role)),
  };
}

/**
 * Changes a staff account's display name, roles, platform admin flag or whether it is enabled.
 * Anyone may rename themselves; the rest needs a committee admin of the communities concerned (or
 * of every community of the account, for account-wide changes) or a platform admin.
 */
export async function updateStaff(ctx: Deps, input: UpdateStaffInput): Promise<StaffView> {
  const now = ctx.now();
  let published = false;
  const view = await ctx.db.transaction(async (tx) => {
    const actor = await loadActor(tx, input.actor);
    const target = await loadTarget(tx, actor, input.staffId, { forUpdate: true });
    const { account } = target;
    const self = actor.staffId === account.id;

    const displayName = input.displayName?.trim();
    const renamed = displayName !== undefined && displayName !== account.displayName;
    const disabledChanged =
      input.disabled !== undefined && input.disabled !== (account.disabledAt !== null);
    const flagChanged =
      input.platformAdmin !== undefined && input.platformAdmin !== account.platformAdmin;
    const roleChanges = new Map<string, RoleChange & { roles: CommunityRole[] }>();
    for (const { communityId, roles } of mergeMemberships(input.memberships ?? [])) {
      const before = target.memberships.find((m) => m.communityId === communityId)?.roles ?? [];
      const change = diffRoles(before, roles);
      if (change.added.length + change.removed.length > 0) {
        roleChanges.set(communityId, { ...change, roles });
      }
    }

    if ((renamed && !self) || disabledChanged) assertManagesAccount(actor, target);
    if ((disabledChanged && self) || (flagChanged && self && !input.platformAdmin)) {
      throw forbidden(messages.notOwnAccount);
    }
    if (flagChanged && !actor.platformAdmin) throw forbidden(messages.platformAdminOnly);
    if (roleChanges.size > 0) {
      if (account.platformAdmin && !actor.platformAdmin)
        throw forbidden(messages.platformAdminOnly);
      await assertManages(tx, actor, roleChanges.keys());
    }
    if (!renamed && !disabledChanged && !flagChanged && roleChanges.size === 0) {
      return toStaffView(account, visibleMemberships(actor, target));
    }

    const accountWide = renamed || disabledChanged || flagChanged;
    const [updated] = accountWide
      ? await tx
          .update(staff)
          .set({
            ...(renamed ? { displayName } : {}),
            ...(disabledChanged ? { disabledAt: input.disabled ? now : null } : {}),
            ...(flagChanged ? { platformAdmin: input.platformAdmin } : {}),
          })
          .where(eq(staff.id, account.id))
          .returning()
      : [account];
    for (const [communityId, { roles }] of roleChanges) {
      await tx
        .delete(staffRoles)
        .where(and(eq(staffRoles.staffId, account.id), eq(staffRoles.communityId, communityId)));
      if (roles.length > 0) {
        await tx
          .insert(staffRoles)
          .values(roles.map((role) => ({ staffId: account.id, communityId, role })));
      }
    }
    if (disabledChanged && input.disabled) await revokeAllSessions(tx, account.id, now);
    // The platform admin flag is no community's business; names, state and roles are.
    const recordedIn =
      renamed || disabledChanged
        ? [...target.memberships.map((m) => m.communityId), ...roleChanges.keys()]
        : [...roleChanges.keys()];
    await publishStaffRecorded(tx, { now: () => now, newId: ctx.newId }, account.id, recordedIn);
    published = recordedIn.length > 0;

    await recordStaffAction(
      tx,
      actor,
      {
        action: 'staff.updated',
        staffId: account.id,
        communityIds: accountWide
          ? [...target.memberships.map((m) => m.communityId), ...roleChanges.keys()]
          : [...roleChanges.keys()],
        details: (communityId) => {
          const roles = communityId === null ? undefined : roleChanges.get(communityId);
          return {
            ...(renamed ? { displayName: { from: account.displayName, to: displayName } } : {}),
            ...(disabledChanged ? { disabled: input.disabled } : {}),
            ...(flagChanged ? { platformAdmin: input.platformAdmin } : {}),
            ...(roles ? { roles: { added: roles.added, removed: roles.removed } } : {}),
          };
        },
      },
      now,
    );
    const memberships = await loadMemberships(tx, account.id);
    return toStaffView(updated ?? account, visibleMemberships(actor, { account, memberships }));
  });
  if (published) ctx.wakeRelay();
  return view;
}
