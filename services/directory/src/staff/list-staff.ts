import { decodeCursor, encodeCursor, type Page } from '@yishi/contracts';
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { staff, staffRoles } from '../db/schema/index.ts';
import type { CommunityRole } from './access.ts';
import { type Actor, assertManages, loadActor } from './actor.ts';

/** One account in a community's staff list, with its roles in that community. */
export interface CommunityStaffItem {
  id: string;
  login: string;
  displayName: string;
  platformAdmin: boolean;
  disabled: boolean;
  roles: CommunityRole[];
  createdAt: string;
}

const cursorSchema = z.object({ name: z.string(), id: z.uuid() });

/**
 * Lists the staff holding a role in a community, by display name, a page at a time (keyset on
 * display name and id). For the community's committee admins and platform admins.
 */
export async function listCommunityStaff(
  ctx: Deps,
  input: { actor: Actor; communityId: string; cursor?: string | undefined; limit: number },
): Promise<Page<CommunityStaffItem>> {
  const actor = await loadActor(ctx.db, input.actor);
  await assertManages(ctx.db, actor, [input.communityId]);
  const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor, cursorSchema);
  const rows = await ctx.db
    .select({
      id: staff.id,
      login: staff.login,
      displayName: staff.displayName,
      platformAdmin: staff.platformAdmin,
      disabledAt: staff.disabledAt,
      createdAt: staff.createdAt,
      // json, not an enum array: drivers parse json but not arrays of a custom enum type.
      roles: sql<CommunityRole[]>`json_agg(${staffRoles.role} order by ${staffRoles.role})`,
    })
    .from(staff)
    .innerJoin(
      staffRoles,
      and(eq(staffRoles.staffId, staff.id), eq(staffRoles.communityId, input.communityId)),
    )
    .where(after && sql`(${staff.displayName}, ${staff.id}) > (${after.name}, ${after.id}::uuid)`)
    .groupBy(staff.id)
    .orderBy(asc(staff.displayName), asc(staff.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit).map((row) => ({
    id: row.id,
    login: row.login,
    displayName: row.displayName,
    platformAdmin: row.platformAdmin,
    disabled: row.disabledAt !== null,
    roles: row.roles,
    createdAt: row.createdAt.toISOString(),
  }));
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor({ name: last.displayName, id: last.id })
        : null,
  };
}
