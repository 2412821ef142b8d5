/**
 * Times a 20,000-unit roster import end to end through the verbs: the check (read the XLSX,
 * compare with the roster, store the preview) and the apply (one transaction), then a second
 * import of the same file (a no-op) and one where a tenth of the units change hands.
 * The roster comes from large-roster.ts. Starts its own PostgreSQL and stops it. Run: pnpm --filter @yishi/directory bench:import
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
import { writeRosterXlsx } from '../src/roster-file/index.ts';
import { largeRoster, newOwner } from './large-roster.ts';

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
  const claims: StaffClaims = {
    sub: staffId,
    roles: ['platform_admin'],
    communities: [],
    communityRoles: {},
  };

  const units = largeRoster();
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
