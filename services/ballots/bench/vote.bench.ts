/**
 * The vote path under load, over real HTTP on loopback: starts its own PostgreSQL and nats-server,
 * opens a ballot for a 20,000-owner estate (snapshot and credentials, timed), then 20,000 owners
 * vote with 64 requests in flight from a separate process. Prints votes/s and p50/p99 latency, next
 * to the machine's ceiling measured by pgbench running the same one-vote-plus-outbox transaction.
 *
 * Run: pnpm --filter @yishi/ballots bench   (OWNERS=… CONCURRENCY=… to vary)
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createLogger, serve } from '@yishi/app';
import { createVerifier, generateSigningKey } from '@yishi/auth';
import { ensureStream, startRelay } from '@yishi/bus';
import { findPostgresBin, startNats, startPostgres } from '@yishi/testing';
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { createBallotsApp } from '../src/app.ts';
import { draftBallot } from '../src/ballots/draft-ballot.ts';
import { runLifecycle } from '../src/ballots/lifecycle.ts';
import type { Deps } from '../src/context.ts';
import { migrateBallots, openDatabase } from '../src/db/database.ts';
import { credentials, dirCommunities, dirHoldings, dirUnits } from '../src/db/schema/index.ts';
import { deriveLinkKeys, linkToken } from '../src/voting/link-token.ts';

const run = promisify(execFile);
const OWNERS = Number(process.env.OWNERS ?? 20_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 64);

const step = (message: string) => console.error(`[bench] ${message}`);
const [pg, nats] = await Promise.all([startPostgres(), startNats()]);
step('servers started');
try {
  const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
  await admin.unsafe('create database ballots_bench');
  await admin.end();
  const url = pg.url.replace(/\/[^/]*$/, '/ballots_bench');
  const database = openDatabase({ url, dataDir: '', max: 20 });
  const { db } = database;
  await migrateBallots(db);

  const communityId = randomUUID();
  const at = new Date();
  await db.insert(dirCommunities).values({ communityId, parkingIncluded: false, updatedAt: at });
  const buildings = Array.from({ length: 100 }, () => randomUUID());
  for (let start = 0; start < OWNERS; start += 2_000) {
    const batch = Array.from({ length: Math.min(2_000, OWNERS - start) }, (_, i) => {
      const n = start + i;
      return { unitId: randomUUID(), ownerId: randomUUID(), n };
    });
    await db.insert(dirUnits).values(
      batch.map(({ unitId, n }) => ({
        unitId,
        communityId,
        buildingId: buildings[n % 100]!,
        building: String((n % 100) + 1),
        entrance: '1',
        room: String(101 + Math.floor(n / 100)),
        floor: 1,
        kind: 'residence' as const,
        area: `${80 + (n % 50)}.50`,
        areaBasis: 'registered' as const,
        updatedAt: at,
      })),
    );
    await db.insert(dirHoldings).values(
      batch.map(({ unitId, ownerId }) => ({
        unitId,
        communityId,
        holderId: randomUUID(),
        holderKey: ownerId,
        memberIds: [ownerId],
        voterId: ownerId,
        developerUnsold: false,
        since: at,
      })),
    );
  }

  step('roster written');
  const nc = await connect({ servers: nats.url });
  const js = jetstream(nc);
  await ensureStream(await jetstreamManager(nc), { name: 'BALLOTS', subjects: ['ballots.>'] });
  // RELAY=off measures the vote path alone, without the outbox relay sharing the event loop.
  const relay =
    process.env.RELAY === 'off' ? { wake() {}, stop: async () => {} } : startRelay({ db, js });
  const key = await generateSigningKey();
  const links = deriveLinkKeys('bench-link-secret-bench-link-secret-0123');
  const deps: Deps = {
    db,
    now: () => new Date(),
    newId: randomUUID,
    verifier: createVerifier({ keys: [key], issuer: 'yishi-directory', audience: 'yishi' }),
    links,
    publicBaseUrl: 'http://127.0.0.1',
    wakeRelay: () => relay.wake(),
    logger: createLogger({ service: 'ballots', level: 'error' }),
  };
  const staff = { sub: 'bench', roles: ['committee_admin' as const], communities: [communityId] };
  const now = new Date();
  const ballot = await draftBallot(deps, {
    staff,
    communityId,
    input: {
      title: '更换消防门',
      description: '',
      matters: [{ item: 6, title: '筹集维修资金更换消防门', body: '' }],
      scope: { kind: 'estate' },
      window: { opensAt: now, closesAt: new Date(now.getTime() + 86_400_000) },
      policy: { multiUnit: 'owner_ballot', invalidParticipates: true, deemed: 'none' },
      allowChange: false,
      publication: 'named',
      secondFactor: 'none',
    },
  });
  const openStarted = performance.now();
  await runLifecycle(deps, {
    actor: { staffId: 'bench' },
    communityId,
    ballotId: ballot.id,
    command: { type: 'open' },
  });
  const openMs = performance.now() - openStarted;

  const creds = await db
    .select({ id: credentials.id })
    .from(credentials)
    .where(eq(credentials.ballotId, ballot.id));
  const dir = mkdtempSync(join(tmpdir(), 'ballots-bench-'));
  const tokensFile = join(dir, 'tokens.txt');
  writeFileSync(tokensFile, creds.map((c) => linkToken(links, c.id)).join('\n'));

  const server = await serve(createBallotsApp(deps), { port: 0, hostname: '127.0.0.1' });
  step('voting');
  const client = fileURLToPath(new URL('./load-client.mjs', import.meta.url));
  const { stdout } = await run(
    process.execPath,
    [
      client,
      `http://127.0.0.1:${server.port}`,
      tokensFile,
      String(CONCURRENCY),
      ballot.matters[0]!.id,
    ],
    { maxBuffer: 1 << 20 },
  );
  const load = JSON.parse(stdout) as {
    requests: number;
    perSecond: number;
    p50: number;
    p99: number;
    statuses: Record<string, number>;
  };
  await server.close();
  await relay.stop();

  step('pgbench');
  // The ceiling: the same transaction (one vote row, one outbox row) straight from pgbench.
  const script = join(dir, 'vote.sql');
  writeFileSync(
    script,
    `\\set n random(1, 1000000000)
BEGIN;
INSERT INTO votes (id, ballot_id, matter_id, holder_key, choice, channel, receipt_hash, cast_at)
  VALUES (gen_random_uuid(), '${randomUUID()}', '${randomUUID()}', 'pgbench-' || :n || '-' || random(), 'agree', 'web', md5(random()::text), now());
INSERT INTO outbox (id, type, version, subject, aggregate_id, community_id, payload, occurred_at)
  VALUES (gen_random_uuid(), 'ballots.vote.cast', 1, 'ballots.vote.cast.v1', 'b', 'c', '{"n":1}', now());
COMMIT;
`,
  );
  const u = new URL(url);
  const pgbench = await run(
    join(findPostgresBin(), 'pgbench'),
    [
      '-n',
      '-h',
      u.hostname,
      '-p',
      u.port,
      '-U',
      'postgres',
      '-c',
      String(CONCURRENCY),
      '-j',
      '2',
      '-T',
      '10',
      '-f',
      script,
      'ballots_bench',
    ],
    { maxBuffer: 1 << 20 },
  ).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
  const tps = /tps = ([\d.]+)/.exec(pgbench.stdout)?.[1];

  console.log(`owners: ${OWNERS}, concurrency: ${CONCURRENCY}`);
  console.log(`open (snapshot + ${creds.length} credentials): ${openMs.toFixed(0)} ms`);
  console.log(
    `votes: ${load.requests} in ${(load.requests / load.perSecond).toFixed(2)} s, statuses ${JSON.stringify(load.statuses)}`,
  );
  console.log(
    `votes/s: ${load.perSecond.toFixed(0)}  p50: ${load.p50.toFixed(2)} ms  p99: ${load.p99.toFixed(2)} ms`,
  );
  console.log(
    `ceiling (pgbench, vote + outbox per transaction, ${CONCURRENCY} clients): ${tps ? Number(tps).toFixed(0) : 'n/a'} tps`,
  );
  await nc.close();
  await database.close();
} finally {
  await Promise.allSettled([pg.stop(), nats.stop()]);
}
