import type { StaffClaims } from '@yishi/auth';
import { decodeCursor, encodeCursor, type Page } from '@yishi/contracts';
import { and, asc, eq, exists, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  buildings,
  holderMembers,
  holders,
  owners,
  ownerships,
  units,
} from '../db/schema/index.ts';
import type { RosterCtx } from './context.ts';
import { unitScope } from './list-units.ts';
import { naturally } from './natural-order.ts';
import { loadViewer } from './viewer.ts';
import { contactsFor, type OwnerContactView } from './views.ts';

export interface OwnerUnitView {
  unitId: string;
  buildingId: string;
  building: string;
  entrance: string;
  room: string;
  area: string;
  /** Whether this owner votes for the unit (the voting co-owner, or its only owner). */
  voter: boolean;
}

export interface OwnerView extends OwnerContactView {
  /** The units the owner holds now (alone or as a co-owner), within the viewer's buildings. */
  units: OwnerUnitView[];
}

const cursorSchema = z.object({ name: z.string(), id: z.uuid() });

/**
 * Owners who hold a unit now, by name, each with their units. A grid worker sees only owners
 * of their buildings, and only those units; phones are masked for Party secretaries and grid
 * workers.
 */
export async function listOwners(
  ctx: RosterCtx,
  input: {
    claims: StaffClaims;
    communityId: string;
    buildingId?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<OwnerView>> {
  const viewer = await loadViewer(ctx.db, input.claims, input.communityId);
  const scope = unitScope(viewer, input.buildingId);
  const holdsInScope = ctx.db
    .select({ one: sql`1` })
    .from(holderMembers)
    .innerJoin(
      ownerships,
      and(eq(ownerships.holderId, holderMembers.holderId), isNull(ownerships.until)),
    )
    .innerJoin(units, eq(units.id, ownerships.unitId))
    .where(and(eq(holderMembers.ownerId, owners.id), scope));
  const after = input.cursor ? decodeCursor(input.cursor, cursorSchema) : null;
  const rows = await ctx.db
    .select({
      id: owners.id,
      kind: owners.kind,
      name: owners.name,
      phone: owners.phone,
      idLast4: owners.idLast4,
    })
    .from(owners)
    .where(
      and(
        eq(owners.communityId, input.communityId),
        exists(holdsInScope),
        after === null
          ? undefined
          : sql`(${owners.name}, ${owners.id}) > (${after.name}, ${after.id}::uuid)`,
      ),
    )
    .orderBy(asc(owners.name), asc(owners.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const held =
    page.length === 0
      ? []
      : await ctx.db
          .select({
            ownerId: holderMembers.ownerId,
            voterId: holders.voterId,
            unitId: units.id,
            buildingId: units.buildingId,
            building: buildings.name,
            entrance: units.entrance,
            room: units.room,
            area: units.area,
          })
          .from(holderMembers)
          .innerJoin(holders, eq(holders.id, holderMembers.holderId))
          .innerJoin(ownerships, and(eq(ownerships.holderId, holders.id), isNull(ownerships.until)))
          .innerJoin(units, eq(units.id, ownerships.unitId))
          .innerJoin(buildings, eq(buildings.id, units.buildingId))
          .where(
            and(
              inArray(
                holderMembers.ownerId,
                page.map((o) => o.id),
              ),
              scope,
            ),
          )
          .orderBy(
            ...naturally(buildings.name),
            ...naturally(units.entrance),
            ...naturally(units.room),
          );
  const unitsOf = new Map<string, OwnerUnitView[]>();
  for (const { ownerId, voterId, ...unit } of held) {
    const list = unitsOf.get(ownerId) ?? [];
    list.push({ ...unit, voter: voterId === ownerId });
    unitsOf.set(ownerId, list);
  }
  const last = page.at(-1);
  return {
    items: page.map((o) => ({ ...contactsFor(viewer, o), units: unitsOf.get(o.id) ?? [] })),
    nextCursor:
      rows.length > input.limit && last ? encodeCursor({ name: last.name, id: last.id }) : null,
  };
}
