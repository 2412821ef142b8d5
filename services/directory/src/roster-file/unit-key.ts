import type { RosterRow } from './types.ts';

const BUILDING_SUFFIX = /(号楼|栋|幢|座|楼|号)$/u;
const ENTRANCE_SUFFIX = /(单元|门|号)$/u;
const ROOM_SUFFIX = /(室|号)$/u;

function part(text: string, suffix: RegExp): string {
  const compact = text.normalize('NFKC').replace(/\s/gu, '').toUpperCase();
  const bare = compact.replace(suffix, '') || compact;
  return /^\d+$/u.test(bare) ? bare.replace(/^0+(?=\d)/u, '') : bare;
}

/**
 * The identity of a unit, the same however the committee spelled it: full-width characters,
 * spaces, case, leading zeros and the suffixes 号楼/栋/幢/座, 单元 and 室 do not matter.
 *
 * @example
 * unitKey({ building: '3号楼', entrance: '2单元', room: '1201室' }) // "3|2|1201"
 * unitKey({ building: '３栋', entrance: '02', room: '1201' })       // "3|2|1201"
 */
export function unitKey(r: Pick<RosterRow, 'building' | 'entrance' | 'room'>): string {
  return [
    part(r.building, BUILDING_SUFFIX),
    part(r.entrance, ENTRANCE_SUFFIX),
    part(r.room, ROOM_SUFFIX),
  ].join('|');
}
