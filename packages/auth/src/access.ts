import { AppError } from '@yishi/errors';
import type { StaffClaims, StaffRole } from './claims.ts';

/**
 * The roles the holder has in `communityId`: those the token grants there, plus `platform_admin`
 * for a platform admin. Decide what a caller may do in a community with this, never with `roles`.
 */
export function rolesIn(claims: StaffClaims, communityId: string): StaffRole[] {
  const held = claims.communityRoles[communityId] ?? [];
  return claims.roles.includes('platform_admin') ? ['platform_admin', ...held] : [...held];
}

/** Whether the holder has at least one of `roles` in `communityId`. */
export function hasRoleIn(
  claims: StaffClaims,
  communityId: string,
  ...roles: StaffRole[]
): boolean {
  return rolesIn(claims, communityId).some((role) => roles.includes(role));
}

/** Whether the holder has at least one of `roles` in some community (not for authorising). */
export function hasRole(claims: StaffClaims, ...roles: StaffRole[]): boolean {
  return claims.roles.some((role) => roles.includes(role));
}

/** Whether the token grants `communityId`: listed in it, or held by a platform admin. */
export function canAccessCommunity(claims: StaffClaims, communityId: string): boolean {
  return claims.roles.includes('platform_admin') || claims.communities.includes(communityId);
}

/**
 * Throws `not_found` unless the token grants `communityId`. Call it before every query scoped to a
 * community taken from the request (path, body), so staff of one community never see another's,
 * nor learn that it exists.
 */
export function assertCommunityAccess(claims: StaffClaims, communityId: string): void {
  if (!canAccessCommunity(claims, communityId)) {
    throw new AppError('not_found', {
      message: { zh: '未找到该小区', en: 'No such community' },
    });
  }
}
