import { formatArea, parseArea } from '@yishi/domain';
import { and, asc, eq, ne, notInArray, or, sql } from 'drizzle-orm';
import type { MeetingsDb, MeetingsTx } from '../db/database.ts';
import { dirCommunities, dirHoldings, dirUnits } from '../db/schema/index.ts';
import type { AttendedUnit } from '../db/schema/meetings.ts';

type Reader = MeetingsDb | MeetingsTx;

/** Parking belongs to an assembly's scope only where the community includes it (RULES.md §3). */
const inScope = (parkingIncluded: boolean) =>
  parkingIncluded ? undefined : ne(dirUnits.kind, 'parking');

async function parkingIncluded(db: Reader, communityId: string) {
  const [community] = await db
    .select({ parkingIncluded: dirCommunities.parkingIncluded })
    .from(dirCommunities)
    .where(eq(dirCommunities.communityId, communityId));
  return community?.parkingIncluded ?? false;
}

/** The units an owner key holds now, with their areas, in walking order. */
export async function unitsOfHolder(
  db: Reader,
  communityId: string,
  holderKey: string,
): Promise<{ units: AttendedUnit[]; area: string }> {
  const rows = await db
    .select({
      unitId: dirUnits.unitId,
      building: dirUnits.building,
      entrance: dirUnits.entrance,
      room: dirUnits.room,
      area: dirUnits.area,
    })
    .from(dirHoldings)
    .innerJoin(dirUnits, eq(dirUnits.unitId, dirHoldings.unitId))
    .where(
      and(
        eq(dirHoldings.communityId, communityId),
        eq(dirHoldings.holderKey, holderKey),
        inScope(await parkingIncluded(db, communityId)),
      ),
    )
    .orderBy(asc(dirUnits.building), asc(dirUnits.entrance), asc(dirUnits.room));
  const area = rows.reduce((sum, u) => sum + parseArea(u.area), 0n);
  return { units: rows, area: formatArea(area) };
}

/** The owner key that holds a unit named by building, entrance and room, if any. */
export async function holderOfUnit(
  db: Reader,
  communityId: string,
  unit: { building: string; entrance: string; room: string },
): Promise<string | undefined> {
  const [row] = await db
    .select({ holderKey: dirHoldings.holderKey })
    .from(dirUnits)
    .innerJoin(dirHoldings, eq(dirHoldings.unitId, dirUnits.unitId))
    .where(
      and(
        eq(dirUnits.communityId, communityId),
        eq(dirUnits.building, unit.building),
        or(eq(dirUnits.entrance, unit.entrance), eq(dirUnits.entrance, '')),
        eq(dirUnits.room, unit.room),
      ),
    )
    .limit(1);
  return row?.holderKey;
}

/**
 * The community's total area and owner headcount for an assembly's quorum: every unit in scope,
 * each owner key counted once, and the developer's unsold units as one owner together with every
 * unit of a key that holds one of them (SPC interpretation art. 9), as `tally` counts them.
 */
export async function communityTotals(db: Reader, communityId: string) {
  const scope = and(
    eq(dirUnits.communityId, communityId),
    inScope(await parkingIncluded(db, communityId)),
  );
  const developer = (
    await db
      .selectDistinct({ holderKey: dirHoldings.holderKey })
      .from(dirUnits)
      .innerJoin(dirHoldings, eq(dirHoldings.unitId, dirUnits.unitId))
      .where(and(scope, eq(dirHoldings.developerUnsold, true)))
  ).map((d) => d.holderKey);
  const others =
    developer.length > 0
      ? sql`filter (where ${notInArray(dirHoldings.holderKey, developer)})`
      : sql``;
  const [row] = await db
    .select({
      area: sql<string>`coalesce(sum(${dirUnits.area}::numeric), 0)::text`,
      headcount: sql<number>`(count(distinct ${dirHoldings.holderKey}) ${others})::int`,
    })
    .from(dirUnits)
    .innerJoin(dirHoldings, eq(dirHoldings.unitId, dirUnits.unitId))
    .where(scope);
  return {
    area: formatArea(parseArea(row?.area ?? '0')),
    headcount: (row?.headcount ?? 0) + (developer.length > 0 ? 1 : 0),
  };
}
