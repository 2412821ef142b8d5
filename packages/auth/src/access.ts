import { AppError } from '@yishi/errors';
import type { StaffClaims, StaffRole } from './claims.ts';

/** Whether the holder has at least one of `roles`. */
export function hasRole(claims: StaffClaims, ...roles: StaffRole[]): boolean {
  return claims.roles.some((role) => roles.includes(role));
}

/**
 * Throws `forbidden` unless the token grants `communityId`. Call it before every query scoped to a
 * community taken from the request (path, body), so staff of one community never see another's.
 */
export function assertCommunityAccess(claims: StaffClaims, communityId: string): void {
  if (!claims.communities.includes(communityId)) {
    throw new AppError('forbidden', {
      message: { zh: '您无权查看该小区的数据', en: 'You have no access to this community' },
    });
  }
}
