import { assertCommunityAccess, type StaffClaims } from '@yishi/auth';
import type { Executor } from '@yishi/db';
import { forbidden, notFound, unauthenticated } from '@yishi/errors';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type * as schema from '../db/schema/index.ts';
import { communities, staff, staffRoles } from '../db/schema/index.ts';
import { messages } from './messages.ts';

const isUuid = (id: string) => z.uuid().safeParse(id).success;

type CommunityRole = (typeof staffRoles.$inferSelect)['role'];
type Db = Executor<typeof schema>;

/**
 * A signed-in staff member looking at one community. Roles are read from the tables, not the
 * token: the token lists roles held anywhere, so a committee member of one estate who is a grid
 * worker in another must not manage the second one's roster.
 */
export interface Viewer {
  staffId: string;
  communityId: string;
  platformAdmin: boolean;
  roles: ReadonlySet<CommunityRole>;
  /** The buildings a grid worker covers (the token's `buildings`); `null` means all of them. */
  buildings: ReadonlySet<string> | null;
  /** Committee roles see phones and ID last-4s; Party secretaries and grid workers masked phones. */
  contacts: 'full' | 'masked';
}

/**
 * The caller as a viewer of `communityId`: `not_found` when the token does not grant the
 * community, it does not exist, or the account holds no role in it (staff of another community
 * never learn that it exists).
 */
export async function loadViewer(
  db: Db,
  claims: StaffClaims,
  communityId: string,
): Promise<Viewer> {
  assertCommunityAccess(claims, communityId);
  const [[account], roleRows, [community]] = await Promise.all([
    db
      .select({ platformAdmin: staff.platformAdmin, disabledAt: staff.disabledAt })
      .from(staff)
      .where(eq(staff.id, claims.sub)),
    db
      .select({ role: staffRoles.role })
      .from(staffRoles)
      .where(and(eq(staffRoles.staffId, claims.sub), eq(staffRoles.communityId, communityId))),
    db.select({ id: communities.id }).from(communities).where(eq(communities.id, communityId)),
  ]);
  if (!account || account.disabledAt !== null) throw unauthenticated(messages.accountDisabled);
  const roles = new Set(roleRows.map((r) => r.role));
  if (!community || (!account.platformAdmin && roles.size === 0)) {
    throw notFound(messages.communityNotFound);
  }
  const committee = roles.has('committee_admin') || roles.has('committee_member');
  const gridOnly = !account.platformAdmin && [...roles].every((role) => role === 'grid_worker');
  return {
    staffId: claims.sub,
    communityId,
    platformAdmin: account.platformAdmin,
    roles,
    buildings: gridOnly ? new Set((claims.buildings ?? []).filter(isUuid)) : null,
    contacts: account.platformAdmin || committee ? 'full' : 'masked',
  };
}

/** Refuses unless the viewer may import and export the roster (committee or platform admin). */
export function assertManagesRoster(viewer: Viewer): void {
  if (viewer.platformAdmin) return;
  if (viewer.roles.has('committee_admin') || viewer.roles.has('committee_member')) return;
  throw forbidden(messages.committeeOnly);
}

/** Refuses unless the viewer administers the community (committee admin or platform admin). */
export function assertAdministers(viewer: Viewer): void {
  if (viewer.platformAdmin || viewer.roles.has('committee_admin')) return;
  throw forbidden(messages.committeeAdminOnly);
}

/** Whether the viewer may see a building. */
export function seesBuilding(viewer: Viewer, buildingId: string): boolean {
  return viewer.buildings === null || viewer.buildings.has(buildingId);
}

/** Refuses unless the signed-in account is an enabled platform admin. */
export async function assertPlatformAdmin(db: Db, claims: StaffClaims): Promise<void> {
  const [account] = await db
    .select({ platformAdmin: staff.platformAdmin, disabledAt: staff.disabledAt })
    .from(staff)
    .where(eq(staff.id, claims.sub));
  if (!account || account.disabledAt !== null) throw unauthenticated(messages.accountDisabled);
  if (!account.platformAdmin) throw forbidden(messages.platformAdminOnly);
}
