import type { StaffClaims } from '@yishi/auth';
import { decodeCursor, encodeCursor, type Page } from '@yishi/contracts';
import { notFound } from '@yishi/errors';
import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { buildings, ownerships, units } from '../db/schema/index.ts';
import type { RosterCtx } from './context.ts';
import { messages } from './messages.ts';
import { leadingNumber, naturally } from './natural-order.ts';
import { loadViewer, seesBuilding, type Viewer } from './viewer.ts';
import {
  contactsFor,
  type HolderView,
  holderView,
  membersOf,
  type OwnerContactView,
  type UnitView,
} from './views.ts';

const unitColumns = {
  id: units.id,
  buildingId: units.buildingId,
  building: buildings.name,
  entrance: units.entrance,
  room: units.room,
  floor: units.floor,
  kind: units.kind,
  area: units.area,
  areaBasis: units.areaBasis,
  holderId: ownerships.holderId,
  developerUnsold: ownerships.developerUnsold,
};

/** Units of the viewer's scope: all, or a grid worker's buildings. */
export function unitScope(viewer: Viewer, buildingId?: string): SQL | undefined {
  if (buildingId !== undefined && !seesBuilding(viewer, buildingId)) {
    throw notFound(messages.buildingNotFound);
  }
  return and(
    eq(units.communityId, viewer.communityId),
    buildingId === undefined ? undefined : eq(units.buildingId, buildingId),
    viewer.buildings === null ? undefined : inArray(units.buildingId, [...viewer.buildings]),
  );
}

const cursorSchema = z.object({ b: z.string(), e: z.string(), r: z.string(), id: z.uuid() });

/** Units by building, entrance and room, with their current holder's names. */
export async function listUnits(
  ctx: RosterCtx,
  input: {
    claims: StaffClaims;
    communityId: string;
    buildingId?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<UnitView>> {
  const viewer = await loadViewer(ctx.db, input.claims, input.communityId);
  const after = input.cursor ? decodeCursor(input.cursor, cursorSchema) : null;
  const rows = await ctx.db
    .select(unitColumns)
    .from(units)
    .innerJoin(buildings, eq(buildings.id, units.buildingId))
    .leftJoin(ownerships, and(eq(ownerships.unitId, units.id), isNull(ownerships.until)))
    .where(
      and(
        unitScope(viewer, input.buildingId),
        after === null
          ? undefined
          : sql`(${leadingNumber(buildings.name)}, ${buildings.name}, ${leadingNumber(units.entrance)}, ${units.entrance}, ${leadingNumber(units.room)}, ${units.room}, ${units.id}) > (${leadingNumber(after.b)}, ${after.b}, ${leadingNumber(after.e)}, ${after.e}, ${leadingNumber(after.r)}, ${after.r}, ${after.id}::uuid)`,
      ),
    )
    .orderBy(
      ...naturally(buildings.name),
      ...naturally(units.entrance),
      ...naturally(units.room),
      asc(units.id),
    )
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const members = await membersOf(
    ctx.db,
    page.flatMap((r) => (r.holderId === null ? [] : [r.holderId])),
  );
  const items = page.map(({ holderId, developerUnsold, ...unit }) => ({
    ...unit,
    holder: holderView(holderId, developerUnsold, members),
  }));
  const last = page.at(-1);
  return {
    items,
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor({ b: last.building, e: last.entrance, r: last.room, id: last.id })
        : null,
  };
}

export interface UnitDetail extends UnitView {
  /** The current holder's members with their contacts, as the viewer may see them. */
  members: (OwnerContactView & { voter: boolean })[];
  /** Every holder the unit had, newest first; the current one has `until: null`. */
  history: (HolderView & { since: string; until: string | null })[];
}

/** One unit with its members' contacts and its ownership history. */
export async function getUnit(
  ctx: RosterCtx,
  input: { claims: StaffClaims; communityId: string; unitId: string },
): Promise<UnitDetail> {
  const viewer = await loadViewer(ctx.db, input.claims, input.communityId);
  const [unit] = await ctx.db
    .select(unitColumns)
    .from(units)
    .innerJoin(buildings, eq(buildings.id, units.buildingId))
    .leftJoin(ownerships, and(eq(ownerships.unitId, units.id), isNull(ownerships.until)))
    .where(and(unitScope(viewer), eq(units.id, input.unitId)));
  if (!unit) throw notFound(messages.unitNotFound);
  const past = await ctx.db
    .select({
      holderId: ownerships.holderId,
      developerUnsold: ownerships.developerUnsold,
      since: ownerships.since,
      until: ownerships.until,
    })
    .from(ownerships)
    .where(eq(ownerships.unitId, unit.id))
    .orderBy(desc(ownerships.since), sql`${ownerships.until} desc nulls first`);
  const members = await membersOf(
    ctx.db,
    past.map((p) => p.holderId),
  );
  const { holderId, developerUnsold, ...fields } = unit;
  return {
    ...fields,
    holder: holderView(holderId, developerUnsold, members),
    members: (holderId === null ? [] : (members.get(holderId) ?? [])).map((m) => ({
      ...contactsFor(viewer, m),
      voter: m.voter,
    })),
    history: past.map((p) => ({
      ...holderView(p.holderId, p.developerUnsold, members)!,
      since: p.since.toISOString(),
      until: p.until?.toISOString() ?? null,
    })),
  };
}
