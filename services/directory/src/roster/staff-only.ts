import type { StaffRole } from '@yishi/auth';
import type { Deps } from '../context.ts';
import { requireStaffIn } from '../staff/require-staff.ts';

/**
 * A route's `middleware`: a signed-in staff member holding one of `roles` somewhere. As a
 * one-element tuple, so that handlers see `c.get('staff')`. The roster verbs then check the
 * roles held in the community at hand.
 */
export function staffOnly(
  deps: Pick<Deps, 'keys'>,
  roles?: readonly StaffRole[],
): [ReturnType<typeof requireStaffIn>] {
  return [requireStaffIn(deps, roles)];
}
