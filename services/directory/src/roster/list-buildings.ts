import type { StaffClaims } from '@yishi/auth';
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { buildings, units } from '../db/schema/index.ts';
import type { RosterCtx } from './context.ts';
import { naturally } from './natural-order.ts';
import { loadViewer } from './viewer.ts';

export interface BuildingView {
  id: string;
  name: string;
  unitCount: number;
  /** Sum of the units' areas, exact, with two decimals ("12345.50"). */
  totalArea: string;
}

/** A community's buildings (a grid worker's only), by name, with unit counts and total area. */
export async function listBuildings(
  ctx: RosterCtx,
  input: { claims: StaffClaims; communityId: string },
): Promise<BuildingView[]> {
  const viewer = await loadViewer(ctx.db, input.claims, input.communityId);
  return ctx.db
    .select({
      id: buildings.id,
      name: buildings.name,
      unitCount: count(units.id),
      // numeric sums exactly; to_char would round, ::text keeps the two decimals.
      totalArea: sql<string>`coalesce(sum(${units.area}), 0)::numeric(16, 2)::text`,
    })
    .from(buildings)
    .leftJoin(units, eq(units.buildingId, buildings.id))
    .where(
      and(
        eq(buildings.communityId, input.communityId),
        viewer.buildings === null ? undefined : inArray(buildings.id, [...viewer.buildings]),
      ),
    )
    .groupBy(buildings.id)
    .orderBy(...naturally(buildings.name));
}
