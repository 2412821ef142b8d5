/**
 * Times a 20,000-unit roster import end to end through the verbs: the check (read the XLSX,
 * compare with the roster, store the preview) and the apply (one transaction), then a second
 * import of the same file (a no-op) and one where a tenth of the units change hands.
 * Starts its own PostgreSQL and stops it. Run: pnpm --filter @yishi/directory bench:import
 * Not a test. Target: check + apply of the first import under 10 s on 2 cores.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createLogger } from '@yishi/app';
import type { StaffClaims } from '@yishi/auth';
import { startPostgres } from '@yishi/testing';
import { migrateDirectory, openDatabase } from '../src/db/database.ts';
import { communities, staff } from '../src/db/schema/index.ts';
import {
  applyImport,
  getImport,
  type ImportProgress,
  type RosterCtx,
  startImport,
} from '../src/roster/index.ts';
import { type RosterRow, writeRosterXlsx } from '../src/roster-file/index.ts';

type UnitRow = Omit<RosterRow, 'row'>;
type Owner = UnitRow['owner'];

const UNITS = 20_000;
const PARKING = 1_200;

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
const newOwner = (): Owner => ({
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

function roster(): UnitRow[] {
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

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function printer(label: string) {
  let last = '';
  return (p: ImportProgress) => {
    const line = `${p.phase} ${p.total === null ? p.done : `${p.done}/${p.total}`}`;
    const step = p.phase === 'reading' ? p.done % 5_000 === 0 : p.done === p.total || p.done === 0;
    if (line !== last && step)
      console.log(`  ${label} ${line} at ${seconds(performance.now() - t0)}`);
    last = line;
  };
}

const t0 = performance.now();
const server = await startPostgres();
// A throwaway server: its maintenance database is as good as any.
const database = openDatabase({ url: server.url, dataDir: '' });
try {
  const { db } = database;
  await migrateDirectory(db);
  const ctx: RosterCtx = {
    db,
    now: () => new Date(),
    newId: randomUUID,
    logger: createLogger({ service: 'bench', level: 'error' }),
    wakeRelay: () => {},
  };
  const communityId = randomUUID();
  const staffId = randomUUID();
  await db.insert(communities).values({ id: communityId, name: '华城小区' });
  await db.insert(staff).values({
    id: staffId,
    login: 'bench',
    displayName: 'bench',
    passwordHash: '-',
    platformAdmin: true,
  });
  const claims: StaffClaims = { sub: staffId, roles: ['platform_admin'], communities: [] };

  const units = roster();
  const bytes = await writeRosterXlsx(units);
  console.log(`${units.length} units, ${mb(bytes.length)} XLSX`);

  async function run(label: string, file: Uint8Array) {
    const started = performance.now();
    const { importId, checked } = await startImport(ctx, {
      claims,
      communityId,
      fileName: '业主名册.xlsx',
      bytes: file,
      onProgress: printer(`${label} check`),
    });
    await checked;
    const checkMs = performance.now() - started;
    const view = await getImport(ctx, { claims, communityId, importId, limit: 1 });
    if (view.status !== 'ready')
      throw new Error(`${label}: ${view.status} ${JSON.stringify(view.errors.items)}`);
    const { applied } = await applyImport(ctx, {
      claims,
      communityId,
      importId,
      onProgress: printer(`${label} apply`),
    });
    await applied;
    const totalMs = performance.now() - started;
    const done = await getImport(ctx, { claims, communityId, importId, limit: 1 });
    if (done.status !== 'applied')
      throw new Error(`${label}: ${done.status} ${done.failure?.message.en}`);
    const s = done.summary!;
    console.log(
      `${label}: check ${seconds(checkMs)}, apply ${seconds(totalMs - checkMs)}, total ${seconds(totalMs)} ` +
        `(${s.unitsAdded} units added, ${s.ownersAdded} owners added, ${s.ownershipsChanged} transfers, ` +
        `${done.progress.total} events)`,
    );
  }

  await run('first import', bytes);
  await run('same file again', bytes);
  const sold = units.map((u, i) =>
    i % 10 === 0 && !u.developerUnsold ? { ...u, owner: newOwner(), coOwners: [] } : u,
  );
  await run('a tenth sold', await writeRosterXlsx(sold));
  console.log(`peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`);
} finally {
  await database.close();
  await server.stop();
}
