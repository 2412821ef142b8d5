import { hasRole, type StaffClaims, type StaffRole } from '@yishi/auth';

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
 * The buildings a caller may see owners of, or null for all of them. A grid worker sees the
 * buildings their token lists (`buildings`, set by the directory from their grid); a token without
 * the claim is not restricted, as the claim's contract says. Estate-wide roles see everything.
 */
export function buildingScope(staff: StaffClaims): ReadonlySet<string> | null {
  if (hasRole(staff, ...estateWide) || staff.buildings === undefined) return null;
  return new Set(staff.buildings);
}

export const inScope = (scope: ReadonlySet<string> | null, buildingId: string) =>
  scope === null || scope.has(buildingId);
