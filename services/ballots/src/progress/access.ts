import { hasRoleIn, type StaffClaims, type StaffRole } from '@yishi/auth';

/** Who may follow progress, see who has not voted and log visits. */
export const progressRoles: StaffRole[] = [
  'platform_admin',
  'committee_admin',
  'committee_member',
  'party_secretary',
  'grid_worker',
];

const estateWide: StaffRole[] = [
  'platform_admin',
  'committee_admin',
  'committee_member',
  'party_secretary',
];

/**
 * The buildings of `communityId` a caller may see owners of, or null for all of them. Estate-wide
 * roles held in this community see everything; a grid worker sees the buildings their token lists
 * (`buildings`, set by the directory from their grid); a token without the claim is not
 * restricted, as the claim's contract says.
 */
export function buildingScope(staff: StaffClaims, communityId: string): ReadonlySet<string> | null {
  if (hasRoleIn(staff, communityId, ...estateWide) || staff.buildings === undefined) return null;
  return new Set(staff.buildings);
}

export const inScope = (scope: ReadonlySet<string> | null, buildingId: string) =>
  scope === null || scope.has(buildingId);
