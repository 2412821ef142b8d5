import type { Executor } from '@yishi/db';
import { asc, eq, inArray } from 'drizzle-orm';
import type * as schema from '../db/schema/index.ts';
import { holderMembers, holders, owners } from '../db/schema/index.ts';
import type { AreaBasis, OwnerKind, UnitKind } from '../roster-file/index.ts';
import { maskPhone } from './keys.ts';
import type { Viewer } from './viewer.ts';

export interface UnitView {
  id: string;
  buildingId: string;
  building: string;
  entrance: string;
  room: string;
  floor: number | null;
  kind: UnitKind;
  area: string;
  areaBasis: AreaBasis;
  holder: HolderView | null;
}

/** A holder by name: the voting co-owner first. Names only, for lists. */
export interface HolderView {
  id: string;
  names: string[];
  voter: string;
  developerUnsold: boolean;
}

/** An owner's contacts as this viewer may see them. */
export interface OwnerContactView {
  id: string;
  kind: OwnerKind;
  name: string;
  /** Masked (138****1234) for Party secretaries and grid workers. */
  phone: string | null;
  /** Only for committee roles and platform admins. */
  idLast4: string | null;
}

export function contactsFor(
  viewer: Viewer,
  owner: {
    id: string;
    kind: OwnerKind;
    name: string;
    phone: string | null;
    idLast4: string | null;
  },
): OwnerContactView {
  const full = viewer.contacts === 'full';
  return {
    id: owner.id,
    kind: owner.kind,
    name: owner.name,
    phone: full ? owner.phone : maskPhone(owner.phone),
    idLast4: full ? owner.idLast4 : null,
  };
}

export interface HolderMember {
  id: string;
  kind: OwnerKind;
  name: string;
  phone: string | null;
  idLast4: string | null;
  voter: boolean;
}

/** The members of some holders, the voter first and the others by name. */
export async function membersOf(
  db: Executor<typeof schema>,
  holderIds: readonly string[],
): Promise<Map<string, HolderMember[]>> {
  const byHolder = new Map<string, HolderMember[]>();
  if (holderIds.length === 0) return byHolder;
  const rows = await db
    .select({
      holderId: holderMembers.holderId,
      voterId: holders.voterId,
      id: owners.id,
      kind: owners.kind,
      name: owners.name,
      phone: owners.phone,
      idLast4: owners.idLast4,
    })
    .from(holderMembers)
    .innerJoin(holders, eq(holders.id, holderMembers.holderId))
    .innerJoin(owners, eq(owners.id, holderMembers.ownerId))
    .where(inArray(holderMembers.holderId, [...new Set(holderIds)]))
    .orderBy(asc(owners.name), asc(owners.id));
  for (const { holderId, voterId, ...owner } of rows) {
    const list = byHolder.get(holderId) ?? [];
    const member = { ...owner, voter: owner.id === voterId };
    if (member.voter) list.unshift(member);
    else list.push(member);
    byHolder.set(holderId, list);
  }
  return byHolder;
}

export function holderView(
  holderId: string | null,
  developerUnsold: boolean | null,
  members: Map<string, HolderMember[]>,
): HolderView | null {
  if (holderId === null) return null;
  const list = members.get(holderId) ?? [];
  return {
    id: holderId,
    names: list.map((m) => m.name),
    voter: list.find((m) => m.voter)?.name ?? '',
    developerUnsold: developerUnsold ?? false,
  };
}
