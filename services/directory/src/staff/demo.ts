import { eq } from 'drizzle-orm';
import { staff } from '../db/schema/index.ts';
import type { CommunityRole } from './access.ts';
import { createStaff } from './create-staff.ts';
import type { StaffStore } from './views.ts';

/** The demo community's accounts, one per role, for `pnpm start`. */
export const demoStaff: readonly { login: string; displayName: string; role: CommunityRole }[] = [
  { login: 'demo-admin', displayName: '业委会管理员（演示）', role: 'committee_admin' },
  { login: 'demo-member', displayName: '业委会委员（演示）', role: 'committee_member' },
  { login: 'demo-secretary', displayName: '社区党委书记（演示）', role: 'party_secretary' },
  { login: 'demo-grid', displayName: '网格员（演示）', role: 'grid_worker' },
];

/**
 * Creates the demo accounts in `communityId` with one password, skipping those that exist, and
 * returns every demo account's id by login (assigning the grid worker a grid is the seed's job).
 */
export async function seedDemoStaff(
  ctx: StaffStore,
  input: { communityId: string; password: string },
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const account of demoStaff) {
    const [existing] = await ctx.db
      .select({ id: staff.id })
      .from(staff)
      .where(eq(staff.login, account.login));
    ids[account.login] =
      existing?.id ??
      (
        await createStaff(ctx, {
          actor: { system: 'demo' },
          login: account.login,
          displayName: account.displayName,
          password: input.password,
          memberships: [{ communityId: input.communityId, roles: [account.role] }],
        })
      ).id;
  }
  return ids;
}
