import { type StaffRole, signAccessToken } from '@yishi/auth';
import type { Executor } from '@yishi/db';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import type * as schema from '../db/schema/index.ts';
import {
  buildings,
  gridBuildings,
  grids,
  gridWorkers,
  staffRole,
  staffRoles,
} from '../db/schema/index.ts';

/** The roles held in a community (platform_admin is a flag on the account, not one of these). */
export type CommunityRole = (typeof staffRole.enumValues)[number];
export const communityRoles = staffRole.enumValues;

/** The roles an account holds in one community. */
export interface Membership {
  communityId: string;
  roles: CommunityRole[];
}

/** What an access token grants: the claims besides `sub`, and the memberships behind them. */
export interface StaffAccess {
  roles: StaffRole[];
  communities: string[];
  /** Present when some community sees the account only as a grid worker. */
  buildings?: string[];
  memberships: Membership[];
}

/** The memberships of an account, communities and roles in a stable order. */
export async function loadMemberships(
  db: Executor<typeof schema>,
  staffId: string,
): Promise<Membership[]> {
  const rows = await db
    .select({ communityId: staffRoles.communityId, role: staffRoles.role })
    .from(staffRoles)
    .where(eq(staffRoles.staffId, staffId))
    .orderBy(asc(staffRoles.communityId), asc(staffRoles.role));
  const byCommunity = new Map<string, CommunityRole[]>();
  for (const row of rows) {
    const roles = byCommunity.get(row.communityId) ?? [];
    roles.push(row.role);
    byCommunity.set(row.communityId, roles);
  }
  return [...byCommunity].map(([communityId, roles]) => ({ communityId, roles }));
}

/**
 * What an account may see. A grid worker sees only the buildings of their grids; the token's
 * `buildings` claim is global, so when the same person holds a wider role in another community
 * the claim also lists every building of that community rather than hiding it from them.
 */
export async function loadAccess(
  db: Executor<typeof schema>,
  account: { id: string; platformAdmin: boolean },
): Promise<StaffAccess> {
  const memberships = await loadMemberships(db, account.id);
  const roles = new Set<StaffRole>(account.platformAdmin ? ['platform_admin'] : []);
  for (const membership of memberships) for (const role of membership.roles) roles.add(role);
  const access: StaffAccess = {
    roles: [...roles],
    communities: memberships.map((m) => m.communityId),
    memberships,
  };
  const gridOnly = memberships
    .filter((m) => m.roles.every((role) => role === 'grid_worker'))
    .map((m) => m.communityId);
  if (account.platformAdmin || gridOnly.length === 0) return access;

  const wider = access.communities.filter((id) => !gridOnly.includes(id));
  const [covered, whole] = await Promise.all([
    db
      .selectDistinct({ id: gridBuildings.buildingId })
      .from(gridWorkers)
      .innerJoin(grids, eq(grids.id, gridWorkers.gridId))
      .innerJoin(gridBuildings, eq(gridBuildings.gridId, grids.id))
      .where(and(eq(gridWorkers.staffId, account.id), inArray(grids.communityId, gridOnly))),
    wider.length === 0
      ? Promise.resolve([])
      : db
          .select({ id: buildings.id })
          .from(buildings)
          .where(inArray(buildings.communityId, wider)),
  ]);
  access.buildings = [...new Set([...covered, ...whole].map((row) => row.id))].sort();
  return access;
}

/** Signs the access token of an account with the directory's current key. */
export function issueAccessToken(
  ctx: Pick<Deps, 'keys' | 'accessTokenTtlSeconds'>,
  staffId: string,
  access: StaffAccess,
  now: Date,
): Promise<string> {
  return signAccessToken(
    {
      sub: staffId,
      roles: access.roles,
      communities: access.communities,
      ...(access.buildings === undefined ? {} : { buildings: access.buildings }),
      // What a caller may do in a community is decided by the roles held there (see rolesIn).
      communityRoles: Object.fromEntries(access.memberships.map((m) => [m.communityId, m.roles])),
    },
    {
      key: ctx.keys.signing,
      issuer: ctx.keys.issuer,
      audience: ctx.keys.audience,
      ttlSeconds: ctx.accessTokenTtlSeconds,
      now,
    },
  );
}
