import { requireStaff, type StaffRole } from '@yishi/auth';
import type { Deps } from '../context.ts';

/**
 * The `requireStaff` middleware bound to the directory's own verifier, for a route's `middleware`.
 * Afterwards `c.get('staff')` holds the verified claims; scope every query with
 * `assertCommunityAccess(c.get('staff'), communityId)`.
 *
 * @example
 * ```ts
 * createRoute({ method: 'get', path: '/communities/{communityId}/grids', middleware: [requireStaffIn(deps)] as const, ... })
 * ```
 */
export function requireStaffIn(deps: Pick<Deps, 'keys'>, roles?: readonly StaffRole[]) {
  return requireStaff({ verifier: deps.keys.verifier, ...(roles ? { roles } : {}) });
}
