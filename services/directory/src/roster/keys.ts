import { unitKey } from '../roster-file/index.ts';

/**
 * How a re-import recognises an owner: the name and the mobile, or the name alone when there is
 * no mobile. Two people of the same name without a mobile are one owner to the roster: the
 * import refuses a file that gives them different ID last-4s or kinds, so the committee can tell
 * them apart by adding a mobile.
 */
export function ownerMatchKey(owner: { name: string; phone: string | null }): string {
  return owner.phone === null ? owner.name : `${owner.name}\u001f${owner.phone}`;
}

/** The identity of a building however it is spelled ("3", "3号楼", "３栋" are one building). */
export function buildingKey(name: string): string {
  return unitKey({ building: name, entrance: '', room: '' }).split('|')[0]!;
}

/** The owner key of RULES.md §2: the member owner ids, sorted, joined by "&". */
export function holderKey(memberIds: Iterable<string>): string {
  return [...new Set(memberIds)].sort().join('&');
}

/** A phone as party secretaries and grid workers see it: 138****1234. */
export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****';
}
