import { and, eq } from 'drizzle-orm';
import type { Channels } from '../channels/channel.ts';
import type { NotificationsTx } from '../db/database.ts';
import { grids, staffMembers } from '../db/schema/index.ts';
import { type Route, routeOf } from './recipients.ts';

export type StaffRole = 'committee_admin' | 'committee_member' | 'party_secretary' | 'grid_worker';

/** An active staff member of a community, with the buildings of their grids. */
export interface StaffRecipient {
  staffId: string;
  roles: StaffRole[];
  locale: 'zh-CN' | 'en';
  /** Null when no configured channel reaches them: the alert is listed as `unreachable`. */
  route: Route | null;
  /** Buildings of the grids they work in (grid workers). */
  buildingIds: Set<string>;
}

/** The community's active staff holding any role, with how to reach each and their grids' buildings. */
export async function loadStaffRecipients(
  tx: NotificationsTx,
  communityId: string,
  channels: Channels,
): Promise<StaffRecipient[]> {
  const [members, communityGrids] = await Promise.all([
    tx
      .select()
      .from(staffMembers)
      .where(and(eq(staffMembers.communityId, communityId), eq(staffMembers.active, true))),
    tx
      .select({ buildingIds: grids.buildingIds, workerIds: grids.workerIds })
      .from(grids)
      .where(eq(grids.communityId, communityId)),
  ]);
  return members
    .filter((m) => m.roles.length > 0)
    .map((m) => ({
      staffId: m.staffId,
      roles: m.roles as StaffRole[],
      locale: m.locale,
      route: routeOf(
        {
          ownerId: m.staffId,
          phone: m.phone,
          email: m.email,
          wechatOpenId: m.wechatOpenId,
          preferredChannel: m.preferredChannel,
          locale: m.locale,
        },
        channels,
      ),
      buildingIds: new Set(
        communityGrids.filter((g) => g.workerIds.includes(m.staffId)).flatMap((g) => g.buildingIds),
      ),
    }));
}

/** Committee and Party secretary: the roles that watch the whole estate. */
export const watchesEstate = (s: Pick<StaffRecipient, 'roles'>) =>
  s.roles.some(
    (r) => r === 'committee_admin' || r === 'committee_member' || r === 'party_secretary',
  );
