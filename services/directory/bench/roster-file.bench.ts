/**
 * Reads a realistic 20,000-unit roster XLSX and prints how long it takes.
 * Run: pnpm bench (tsx bench/roster-file.bench.ts). Not a test: it asserts nothing but that the
 * file reads back without errors.
 */
import { performance } from 'node:perf_hooks';
import { type RosterRow, readRoster, writeRosterXlsx } from '../src/roster-file/index.ts';

type UnitRow = Omit<RosterRow, 'row'>;
type Owner = UnitRow['owner'];

const UNITS = 20_000;
const PARKING = 1_200;

// A fixed-seed generator keeps the file the same from run to run (mulberry32).
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

let phoneCounter = 0;
function newOwner(): Owner {
  phoneCounter++;
  return {
    name: personName(),
    kind: 'person',
    phone: random() < 0.9 ? `13${String(100_000_000 + phoneCounter * 7919).slice(-9)}` : null,
    idLast4: random() < 0.7 ? String(Math.floor(random() * 10_000)).padStart(4, '0') : null,
  };
}
const developer: Owner = {
  name: '华城置业有限公司',
  kind: 'developer',
  phone: null,
  idLast4: null,
};

function area(min: number, max: number): string {
  return (min + random() * (max - min)).toFixed(2);
}

function roster(): UnitRow[] {
  const units: UnitRow[] = [];
  const owners: Owner[] = [];
  const ownerFor = (): Owner => {
    // About one unit in twelve belongs to someone who already owns one.
    if (owners.length > 0 && random() < 0.08) return pick(owners);
    const owner = newOwner();
    owners.push(owner);
    return owner;
  };
  const residential = UNITS - PARKING;
  for (let b = 1; units.length < residential; b++) {
    const entrances = b % 3 === 0 ? 3 : 2;
    const floors = b % 2 === 0 ? 33 : 18;
    const perFloor = b % 4 === 0 ? 4 : 2;
    for (let e = 1; e <= entrances; e++) {
      for (let f = 1; f <= floors; f++) {
        for (let r = 1; r <= perFloor && units.length < residential; r++) {
          const unsold = f > floors - 2 && random() < 0.5;
          const owner = unsold ? developer : ownerFor();
          units.push({
            building: `${b}`,
            entrance: `${e}`,
            room: `${f}${String(r).padStart(2, '0')}`,
            floor: f,
            kind: b === 1 && f === 1 ? 'commercial' : 'residence',
            area: area(50, 180),
            areaBasis: random() < 0.85 ? 'registered' : random() < 0.7 ? 'surveyed' : 'contract',
            owner,
            coOwners:
              !unsold && random() < 0.3
                ? [personName(), ...(random() < 0.2 ? [personName()] : [])]
                : [],
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

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const units = roster();
let started = performance.now();
const bytes = await writeRosterXlsx(units);
const writeMs = performance.now() - started;
const rssBeforeRead = process.memoryUsage().rss;
console.log(`wrote ${units.length} units in ${writeMs.toFixed(0)} ms, ${mb(bytes.length)} XLSX`);

for (const run of ['cold', 'warm']) {
  let progressCalls = 0;
  started = performance.now();
  const { rows, errors } = await readRoster(bytes, 'xlsx', {
    onProgress: () => {
      progressCalls++;
    },
  });
  const readMs = performance.now() - started;
  if (errors.length > 0 || rows.length !== units.length) {
    console.error(errors.slice(0, 5));
    throw new Error(
      `expected ${units.length} rows, read ${rows.length} with ${errors.length} errors`,
    );
  }
  console.log(
    `read (${run}): ${readMs.toFixed(0)} ms, ${Math.round(rows.length / (readMs / 1000))} rows/s, ` +
      `${progressCalls} progress calls`,
  );
}
// maxRSS is the process's peak so far, in KiB.
console.log(
  `RSS before reading ${mb(rssBeforeRead)}, peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`,
);
