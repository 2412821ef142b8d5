import { AppError } from '@yishi/errors';
import type { StaffClaims, StaffRole } from './claims.ts';

/** Whether the holder has at least one of `roles`. */
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
