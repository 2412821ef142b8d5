import type { Executor } from '@yishi/db';
import { recordAction } from '../audit.ts';
import type { Deps } from '../context.ts';
import type * as schema from '../db/schema/index.ts';
import type { staff } from '../db/schema/index.ts';
import type { CommunityRole, Membership } from './access.ts';
import type { ActorScope } from './actor.ts';

/** A staff account as staff management shows it. Never the password hash. */
export interface StaffView {
  id: string;
  login: string;
  displayName: string;
  platformAdmin: boolean;
  disabled: boolean;
  memberships: Membership[];
  createdAt: string;
}

export function toStaffView(
  account: typeof staff.$inferSelect,
  memberships: Membership[],
): StaffView {
  return {
    id: account.id,
    login: account.login,
    displayName: account.displayName,
    platformAdmin: account.platformAdmin,
    disabled: account.disabledAt !== null,
    memberships,
    createdAt: account.createdAt.toISOString(),
  };
}

/**
 * Merges memberships naming the same community and drops repeated roles, so `roles` read as a
 * set. Communities are kept even with no roles left: in an update that means "remove from it".
 */
export function mergeMemberships(memberships: readonly Membership[]): Membership[] {
  const byCommunity = new Map<string, Set<CommunityRole>>();
  for (const { communityId, roles } of memberships) {
    const merged = byCommunity.get(communityId) ?? new Set();
    for (const role of roles) merged.add(role);
    byCommunity.set(communityId, merged);
  }
  return [...byCommunity].map(([communityId, roles]) => ({
    communityId,
    roles: [...roles].sort(),
  }));
}

/**
 * Records a staff-management action once per community it touches (so each community's history
 * shows it), or once without a community for an account that belongs to none.
 */
export async function recordStaffAction(
  tx: Executor<typeof schema>,
  actor: ActorScope,
  entry: {
    action: string;
    staffId: string;
    communityIds: readonly string[];
    details: (communityId: string | null) => Record<string, unknown>;
    via?: string;
  },
  at: Date,
) {
  const communityIds = entry.communityIds.length > 0 ? [...new Set(entry.communityIds)] : [null];
  for (const communityId of communityIds) {
    await recordAction(
      tx,
      {
        staffId: actor.staffId,
        communityId,
        action: entry.action,
        target: entry.staffId,
        details: { ...entry.details(communityId), ...(entry.via ? { via: entry.via } : {}) },
      },
      at,
    );
  }
}

/** What the verbs that only write accounts need: tools such as the create-admin CLI build just this. */
export type StaffStore = Pick<Deps, 'db' | 'now' | 'newId'> & Partial<Pick<Deps, 'wakeRelay'>>;
