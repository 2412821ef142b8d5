import type { Executor } from '@yishi/db';
import { and, eq, isNull } from 'drizzle-orm';
import type * as schema from '../db/schema/index.ts';
import {
  buildings,
  holderMembers,
  holders,
  owners,
  ownerships,
  units,
} from '../db/schema/index.ts';
import type { AreaBasis, OwnerKind, UnitKind } from '../roster-file/index.ts';

export interface CurrentBuilding {
  id: string;
  name: string;
}

export interface CurrentUnit {
  id: string;
  buildingId: string;
  entrance: string;
  room: string;
  floor: number | null;
  kind: UnitKind;
  area: string;
  areaBasis: AreaBasis;
}

export interface CurrentOwner {
  id: string;
  kind: OwnerKind;
  name: string;
  phone: string | null;
  idLast4: string | null;
  matchKey: string;
}

export interface CurrentHolder {
  id: string;
  key: string;
  voterId: string;
  memberIds: string[];
}

export interface CurrentOwnership {
  unitId: string;
  holderId: string;
  developerUnsold: boolean;
  since: Date;
}

/** A community's roster as stored now: what an import is compared with. */
export interface CurrentRoster {
  buildings: CurrentBuilding[];
  units: CurrentUnit[];
  owners: CurrentOwner[];
  /** Every holder, past ones included: a co-owner set that held a unit before is reused. */
  holders: CurrentHolder[];
  /** The current ownership of each unit. */
  ownerships: CurrentOwnership[];
}

/** Loads a community's whole roster in five queries (no per-unit query). */
export async function loadCurrentRoster(
  db: Executor<typeof schema>,
  communityId: string,
): Promise<CurrentRoster> {
  const [buildingRows, unitRows, ownerRows, holderRows, memberRows, ownershipRows] =
    await Promise.all([
      db
        .select({ id: buildings.id, name: buildings.name })
        .from(buildings)
        .where(eq(buildings.communityId, communityId)),
      db
        .select({
          id: units.id,
          buildingId: units.buildingId,
          entrance: units.entrance,
          room: units.room,
          floor: units.floor,
          kind: units.kind,
          area: units.area,
          areaBasis: units.areaBasis,
        })
        .from(units)
        .where(eq(units.communityId, communityId)),
      db
        .select({
          id: owners.id,
          kind: owners.kind,
          name: owners.name,
          phone: owners.phone,
          idLast4: owners.idLast4,
          matchKey: owners.matchKey,
        })
        .from(owners)
        .where(eq(owners.communityId, communityId)),
      db
        .select({ id: holders.id, key: holders.key, voterId: holders.voterId })
        .from(holders)
        .where(eq(holders.communityId, communityId)),
      db
        .select({ holderId: holderMembers.holderId, ownerId: holderMembers.ownerId })
        .from(holderMembers)
        .innerJoin(holders, eq(holders.id, holderMembers.holderId))
        .where(eq(holders.communityId, communityId)),
      db
        .select({
          unitId: ownerships.unitId,
          holderId: ownerships.holderId,
          developerUnsold: ownerships.developerUnsold,
          since: ownerships.since,
        })
        .from(ownerships)
        .innerJoin(units, eq(units.id, ownerships.unitId))
        .where(and(eq(units.communityId, communityId), isNull(ownerships.until))),
    ]);
  const members = new Map<string, string[]>();
  for (const { holderId, ownerId } of memberRows) {
    const list = members.get(holderId) ?? [];
    list.push(ownerId);
    members.set(holderId, list);
  }
  return {
    buildings: buildingRows,
    units: unitRows,
    owners: ownerRows,
    holders: holderRows.map((h) => ({ ...h, memberIds: members.get(h.id) ?? [] })),
    ownerships: ownershipRows,
  };
}
