import { hasRoleIn, type StaffClaims, type StaffRole } from '@yishi/auth';
import type { Progress } from '../ballots-staff-client.ts';

const estateWide: StaffRole[] = [
  'platform_admin',
  'committee_admin',
  'committee_member',
  'party_secretary',
];

/**
 * The buildings of `communityId` the signed-in staff member may see, or null for all: the rule of
 * the ballots service (services/ballots/src/progress/access.ts), applied again here so that a page
 * never shows a grid worker another grid's building, whatever an upstream answer holds.
 */
export function scopeOf(claims: StaffClaims, communityId: string): ReadonlySet<string> | null {
  if (hasRoleIn(claims, communityId, ...estateWide) || claims.buildings === undefined) return null;
  return new Set(claims.buildings);
}

/** The progress with only the buildings in `scope`; the estate's totals stay as they are. */
export function narrowed(progress: Progress, scope: ReadonlySet<string> | null): Progress {
  if (scope === null) return progress;
  return {
    ...progress,
    matters: progress.matters.map((m) => ({
      ...m,
      buildings: m.buildings.filter((b) => scope.has(b.buildingId)),
    })),
  };
}
