/** Data for the staff integration tests: each test makes its own communities and accounts. */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import { communities, staffActions } from '../db/schema/index.ts';
import type { Membership } from './access.ts';
import { createStaff } from './create-staff.ts';

export const testPassword = 'correct horse battery';

export async function seedCommunity(deps: Deps, name = '测试小区'): Promise<string> {
  const id = randomUUID();
  await deps.db.insert(communities).values({ id, name });
  return id;
}

export async function seedStaff(
  deps: Deps,
  options: { memberships?: Membership[]; platformAdmin?: boolean; password?: string } = {},
) {
  const login = `staff-${randomUUID().slice(0, 8)}`;
  const password = options.password ?? testPassword;
  const view = await createStaff(deps, {
    actor: { system: 'demo' },
    login,
    displayName: `测试 ${login}`,
    password,
    platformAdmin: options.platformAdmin ?? false,
    memberships: options.memberships ?? [],
  });
  return { id: view.id, login, password };
}

/** The recorded actions about one account. */
export function actionsOn(deps: Deps, staffId: string, action?: string) {
  return deps.db
    .select()
    .from(staffActions)
    .where(
      and(
        eq(staffActions.target, staffId),
        action === undefined ? undefined : eq(staffActions.action, action),
      ),
    )
    .orderBy(staffActions.id);
}

/** A clock the test moves by hand. */
export function manualClock(start = new Date()) {
  let current = start;
  return {
    now: () => current,
    advance(seconds: number) {
      current = new Date(current.getTime() + seconds * 1000);
    },
  };
}
