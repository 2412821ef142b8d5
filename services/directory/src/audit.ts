import type { Executor } from '@yishi/db';
import type * as schema from './db/schema/index.ts';
import { staffActions } from './db/schema/index.ts';

/** One staff action: who did what to which record. Never holds passwords or full ID numbers. */
export interface StaffAction {
  staffId: string | null;
  communityId?: string | null;
  /** A dotted verb, e.g. `roster.import.applied`, `staff.created`, `grid.defined`. */
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
}

/** Records a staff action in the caller's transaction, so it exists exactly when the change does. */
export async function recordAction(
  tx: Executor<typeof schema>,
  action: StaffAction,
  at: Date,
): Promise<void> {
  await tx.insert(staffActions).values({
    at,
    staffId: action.staffId,
    communityId: action.communityId ?? null,
    action: action.action,
    target: action.target ?? null,
    details: action.details ?? {},
  });
}
