import { AREA_BASIS_ZH, OWNER_KIND_ZH, type RosterColumnKey, UNIT_KIND_ZH } from './columns.ts';
import type { RosterRow } from './types.ts';

/** A roster row without its position in a file: what the writers take. */
export type UnitRow = Omit<RosterRow, 'row'>;
export type Value = string | number | null;

/** The cells of one unit as written: enumerations in Chinese, co-owners joined with 、. */
export function rowValues(r: UnitRow): Record<RosterColumnKey, Value> {
  return {
    building: r.building,
    entrance: r.entrance,
    room: r.room,
    floor: r.floor,
    kind: UNIT_KIND_ZH[r.kind],
    area: r.area,
    areaBasis: AREA_BASIS_ZH[r.areaBasis],
    owner: r.owner.name,
    ownerKind: OWNER_KIND_ZH[r.owner.kind],
    phone: r.owner.phone,
    idLast4: r.owner.idLast4,
    coOwners: r.coOwners.join('、'),
    developerUnsold: r.developerUnsold ? '是' : '否',
  };
}
