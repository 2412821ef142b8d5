/** The generated roster both benchmarks read: shared so they measure the same file. */
import type { RosterRow } from '../src/roster-file/index.ts';

export type UnitRow = Omit<RosterRow, 'row'>;
type Owner = UnitRow['owner'];

// A fixed-seed generator (mulberry32), as in roster-file.bench.ts: the same file every run.
let seed = 278;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰'];
const personName = () => pick(SURNAMES) + pick(GIVEN) + (random() < 0.6 ? pick(GIVEN) : '');

let phones = 0;
// Every owner has a mobile here: name-only owners of the same name would be refused as one
// owner with two ID numbers, and the generator's random names repeat.
export const newOwner = (): Owner => ({
  name: personName(),
  kind: 'person',
  phone: `13${String(100_000_000 + ++phones * 7919).slice(-9)}`,
  idLast4: random() < 0.7 ? String(Math.floor(random() * 10_000)).padStart(4, '0') : null,
});
const developer: Owner = {
  name: '华城置业有限公司',
  kind: 'developer',
  phone: null,
  idLast4: null,
};
const area = (min: number, max: number) => (min + random() * (max - min)).toFixed(2);

/**
 * A realistic roster of `UNITS` units, the same on every run: buildings of 18 or 33 floors with
 * two to four flats a landing, shops, parking, owners of several units, co-owned units and unsold
 * developer units. Every owner has a mobile, since name-only owners of one name would be refused
 * as one owner with two ID numbers (and generated names repeat).
 */
export function largeRoster(UNITS = 20_000, PARKING = 1_200): UnitRow[] {
  const units: UnitRow[] = [];
  const owners: Owner[] = [];
  const ownerFor = (): Owner => {
    if (owners.length > 0 && random() < 0.08) return pick(owners);
    const owner = newOwner();
    owners.push(owner);
    return owner;
  };
  for (let b = 1; units.length < UNITS - PARKING; b++) {
    const [entrances, floors, perFloor] = [
      b % 3 === 0 ? 3 : 2,
      b % 2 === 0 ? 33 : 18,
      b % 4 === 0 ? 4 : 2,
    ];
    for (let e = 1; e <= entrances; e++) {
      for (let f = 1; f <= floors; f++) {
        for (let r = 1; r <= perFloor && units.length < UNITS - PARKING; r++) {
          const unsold = f > floors - 2 && random() < 0.5;
          units.push({
            building: `${b}`,
            entrance: `${e}`,
            room: `${f}${String(r).padStart(2, '0')}`,
            floor: f,
            kind: b === 1 && f === 1 ? 'commercial' : 'residence',
            area: area(50, 180),
            areaBasis: random() < 0.85 ? 'registered' : random() < 0.7 ? 'surveyed' : 'contract',
            owner: unsold ? developer : ownerFor(),
            // Co-owners get distinct names so that they resolve to one owner each.
            coOwners: !unsold && random() < 0.3 ? [`${personName()}${units.length}`] : [],
            developerUnsold: unsold,
          });
        }
      }
    }
  }
  for (let p = 1; units.length < UNITS; p++) {
    const unsold = random() < 0.5;
    units.push({
      building: '地下车库',
      entrance: '',
      room: `B${p <= 600 ? 1 : 2}-${String(p).padStart(4, '0')}`,
      floor: p <= 600 ? -1 : -2,
      kind: 'parking',
      area: area(12, 16),
      areaBasis: 'contract',
      owner: unsold ? developer : pick(owners),
      coOwners: [],
      developerUnsold: unsold,
    });
  }
  return units;
}
