/**
 * The vote path under load, over real HTTP on loopback: starts its own PostgreSQL and nats-server,
 * opens a ballot for a 20,000-owner estate (snapshot and credentials, timed), then 20,000 owners
 * vote with 64 requests in flight from a separate process (bench/load-client.mjs, a thin client
 * like wrk's), on three ballots: one transaction per vote (before), then group commit (the
 * router's default) right after the server started and again warm. The outbox relay runs in its
 * own thread, as in the service, and every event must reach the stream before the end. Prints
 * votes/s, p50/p99 latency, statements sent per vote and CPU per vote of each process, next to
 * the machine's ceiling measured by pgbench running the same one-vote-plus-outbox transaction.
 *
 * Run: pnpm --filter @yishi/ballots bench
 *   OWNERS=… CONCURRENCY=…                          size and load
 *   MODE=direct|batched                             one phase only (default both)
 *   BATCH_MAX=… BATCH_WAIT_MS=… BATCH_IN_FLIGHT=…   group commit settings
 *   RELAY=off|in-process                            without the outbox relay, or with it on the
 *                                                   server's event loop (default: its own thread)
 *   RELAY_MIN_INTERVAL_MS=…                         the relay's least pause between rounds
 *   PROFILE=1                                       CPU profile of the server while voting
 *   DASHBOARDS=…                                    live dashboards following the ballot (default 1)
 *   PGBENCH=off                                     without the ceiling
 */

import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createLogger, serve } from '@yishi/app';
import { createVerifier, generateSigningKey } from '@yishi/auth';
import { ensureStream, startRelay, startRelayThread } from '@yishi/bus';
import { streams } from '@yishi/contracts';
import { findPostgresBin, startNats, startPostgres } from '@yishi/testing';
import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { createBallotsApp } from '../src/app.ts';
import { draftBallot } from '../src/ballots/draft-ballot.ts';
import { runLifecycle } from '../src/ballots/lifecycle.ts';
import type { Deps } from '../src/context.ts';
import { migrateBallots, openDatabase } from '../src/db/database.ts';
import { credentials, dirCommunities, dirHoldings, dirUnits } from '../src/db/schema/index.ts';
import { ProgressHub } from '../src/progress/hub.ts';
import { startProgressThread } from '../src/progress/progress-thread.ts';
import { deriveLinkKeys, linkToken } from '../src/voting/link-token.ts';
import type { VoteBatchOptions } from '../src/voting/vote-batcher.ts';

const run = promisify(execFile);
const OWNERS = Number(process.env.OWNERS ?? 20_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 64);
const PROFILE = Boolean(process.env.PROFILE);
// Live dashboards following each ballot while it is voted on.
const DASHBOARDS = Number(process.env.DASHBOARDS ?? 1);
const POOL = 20;
const LINK_SECRET = 'bench-link-secret-bench-link-secret-0123';

const step = (message: string) => console.error(`[bench] ${message}`);
const [pg, nats] = await Promise.all([startPostgres(), startNats()]);
step('servers started');
try {
  const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
  await admin.unsafe('create database ballots_bench');
  await admin.end();
  const url = pg.url.replace(/\/[^/]*$/, '/ballots_bench');
  const database = openDatabase({ url, dataDir: '', max: POOL });
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
  // noAsyncTraces: without it every JetStream publish captures two stack traces (RequestError,
  // TimeoutError) in case it fails, about a tenth of the server's CPU on this path.
  const nc = await connect({ servers: nats.url, noAsyncTraces: true });
  const relayTiming = process.env.RELAY_MIN_INTERVAL_MS
    ? { minIntervalMs: Number(process.env.RELAY_MIN_INTERVAL_MS) }
    : {};
  const js = jetstream(nc);
  await ensureStream(await jetstreamManager(nc), streams.ballots);
  // RELAY=off measures the vote path alone; RELAY=in-process runs the relay on the server's event
  // loop (as with PGlite), by default it has its own thread (as the service on PostgreSQL).
  const relay =
    process.env.RELAY === 'off'
      ? { wake() {}, stop: async () => {} }
      : process.env.RELAY === 'in-process'
        ? startRelay({ db, js, ...relayTiming })
        : startRelayThread({ databaseUrl: url, natsServers: nats.url, ...relayTiming });
  const unpublished = async () =>
    Number(
      (
        (await db.execute(
          sql`select count(*)::int as n from outbox where published_at is null`,
        )) as unknown as [{ n: number }]
      )[0].n,
    );
  /** Waits (up to a minute) until the relay has published every outbox row. */
  const drained = async () => {
    const since = Date.now();
    while (process.env.RELAY !== 'off' && (await unpublished()) > 0) {
      if (Date.now() - since > 60_000)
        throw new Error('the relay left events unpublished for 60 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const key = await generateSigningKey();
  const links = deriveLinkKeys(LINK_SECRET);
  // As in production: logging at `info` (lines formatted, then dropped instead of written to
  // stdout) and the progress hub fed by every committed batch, as src/main.ts wires them.
  const logger = createLogger({ service: 'ballots', level: 'info', write: () => {} });
  const progressThread = startProgressThread({ databaseUrl: url, logger });
  const progress = new ProgressHub(
    { db, now: () => new Date(), newId: randomUUID, logger, wakeRelay: () => relay.wake() },
    { nats: nc, compute: progressThread.compute },
  );
  const deps: Deps = {
    db,
    now: () => new Date(),
    newId: randomUUID,
    verifier: createVerifier({ keys: [key], issuer: 'yishi-directory', audience: 'yishi' }),
    links,
    publicBaseUrl: 'http://127.0.0.1',
    wakeRelay: () => relay.wake(),
    logger,
    progress,
    onVotesChanged: progress.votesChanged,
  };
  const staff = {
    sub: 'bench',
    roles: ['committee_admin' as const],
    communities: [communityId],
    communityRoles: { [communityId]: ['committee_admin' as const] },
  };
  const dir = mkdtempSync(join(tmpdir(), 'ballots-bench-'));

  /** Drafts and opens a one-matter ballot for the whole estate; writes its links to a file. */
  async function openBallot(name: string) {
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
    const tokensFile = join(dir, `${name}-tokens.txt`);
    writeFileSync(tokensFile, creds.map((c) => linkToken(links, c.id)).join('\n'));
    return {
      ballotId: ballot.id,
      matterId: ballot.matters[0]!.id,
      tokensFile,
      openMs,
      credentials: creds.length,
    };
  }

  // What the server sends PostgreSQL while voting, counted on the sockets to its port: writes
  // (syscalls) and statements (simple `Q` and extended `B`ind messages). Not postgres.js's `debug`
  // hook: with it set, every query captures a stack trace, which costs more than the query.
  const pgPort = Number(new URL(url).port);
  const wire = { counting: false, writes: 0, simple: 0, bound: 0 };
  const socketWrite = Socket.prototype.write;
  Socket.prototype.write = function (this: Socket, chunk: unknown, ...rest: unknown[]) {
    if (wire.counting && this.remotePort === pgPort && Buffer.isBuffer(chunk) && chunk[0] !== 0) {
      wire.writes += 1;
      for (let at = 0; at + 5 <= chunk.length; at += 1 + chunk.readInt32BE(at + 1)) {
        if (chunk[at] === 0x51)
          wire.simple += 1; // Q
        else if (chunk[at] === 0x42) wire.bound += 1; // B
      }
    }
    return (socketWrite as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof Socket.prototype.write;

  // CPU time per vote, of this process (the server) and of PostgreSQL (the postmaster's
  // processes, from /proc): on a shared 2-core machine votes/s swings with whatever else runs,
  // CPU per vote much less.
  const probe = postgres(url, { max: 1, onnotice: () => {} });
  const [{ pid: backendPid }] = (await probe.unsafe(
    'select pg_backend_pid() as pid',
  )) as unknown as [{ pid: number }];
  const postmaster = Number(
    readFileSync(`/proc/${backendPid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1],
  );
  await probe.end();
  const ticks = 100; // USER_HZ
  const processCpuSeconds = (pid: number) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {
      return 0;
    }
  };
  const postgresCpuSeconds = () => {
    let total = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
        if (Number(entry) === postmaster || Number(fields[1]) === postmaster)
          total += (Number(fields[11]) + Number(fields[12])) / ticks;
      } catch {
        // gone meanwhile
      }
    }
    return total;
  };

  /** One estate-wide ballot voted through a fresh app with `voteBatch`, over loopback HTTP. */
  async function phase(name: string, voteBatch: VoteBatchOptions | false) {
    const ballot = await openBallot(name);
    // The opening's events (one per credential, for the voting links) go out before voting starts.
    await drained();
    const server = await serve(createBallotsApp({ ...deps, voteBatch } as Deps), {
      port: 0,
      hostname: '127.0.0.1',
    });
    // Live dashboards following the ballot (a Party secretary, grid workers): each makes the hub
    // refresh the ballot's figures every second instead of every five.
    let updates = 0;
    const leave = Array.from({ length: DASHBOARDS }, () =>
      progress.subscribe(ballot.ballotId, { update: () => (updates += 1), end: () => {} }),
    );
    Object.assign(wire, { counting: true, writes: 0, simple: 0, bound: 0 });
    const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    const cpuBefore = process.cpuUsage();
    const eluBefore = performance.eventLoopUtilization();
    const pgCpuBefore = postgresCpuSeconds();
    const natsCpuBefore = processCpuSeconds(nats.process.child.pid!);
    const profiler = PROFILE ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
      await profiler.post('Profiler.start');
    }
    step(`voting: ${name}`);
    const loadClient = fileURLToPath(new URL('./load-client.mjs', import.meta.url));
    // The client without the server's NODE_OPTIONS (its young generation is the server's setting).
    const { NODE_OPTIONS: _, ...clientEnv } = process.env;
    const { stdout } = await run(
      process.execPath,
      [
        loadClient,
        `http://127.0.0.1:${server.port}`,
        ballot.tokensFile,
        String(CONCURRENCY),
        ballot.matterId,
      ],
      { maxBuffer: 1 << 20, env: clientEnv },
    );
    const load = JSON.parse(stdout) as {
      requests: number;
      perSecond: number;
      p50: number;
      p99: number;
      statuses: Record<string, number>;
    };
    const cpu = process.cpuUsage(cpuBefore);
    const elu = performance.eventLoopUtilization(eluBefore).utilization;
    const loadAfter = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    // The whole process: the event loop, the relay's thread and V8's helper threads.
    const serverUs = (cpu.user + cpu.system) / load.requests;
    const serverSystemUs = cpu.system / load.requests;
    const postgresUs = ((postgresCpuSeconds() - pgCpuBefore) * 1e6) / load.requests;
    const natsUs =
      ((processCpuSeconds(nats.process.child.pid!) - natsCpuBefore) * 1e6) / load.requests;
    let profileSummary: string[] = [];
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      const file = join(dir, `${name}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      profileSummary = topSelfTime(profile, file);
      profiler.disconnect();
    }
    wire.counting = false;
    await server.close();
    for (const stop of leave) stop();
    const perVote = (n: number) => (n / load.requests).toFixed(2);
    const sent = `${perVote(wire.simple + wire.bound)} statements (${perVote(wire.simple)} simple, ${perVote(wire.bound)} extended) in ${perVote(wire.writes)} socket writes`;
    return {
      name,
      voteBatch,
      ballot,
      load,
      sent,
      serverUs,
      serverSystemUs,
      loadavg: `${loadBefore} → ${loadAfter}`,
      updates,
      elu,
      postgresUs,
      natsUs,
      profileSummary,
    };
  }

  const batchOptions: VoteBatchOptions = {
    ...(process.env.BATCH_MAX && { maxBatch: Number(process.env.BATCH_MAX) }),
    ...(process.env.BATCH_WAIT_MS && { maxWaitMs: Number(process.env.BATCH_WAIT_MS) }),
    ...(process.env.BATCH_IN_FLIGHT && { maxInFlight: Number(process.env.BATCH_IN_FLIGHT) }),
  };
  const mode = process.env.MODE ?? 'both';
  const phases = [];
  // Before: one transaction per vote. After: group commit (the router's default).
  if (mode !== 'batched') phases.push(await phase('one transaction per vote', false));
  // Group commit twice, on two ballots: the first still warming V8 up (right after start with
  // MODE=batched; after the phase above otherwise, which ran the same route and checks), the second
  // warm, as a service that has been running. The second is the figure to hold against the ceiling.
  if (mode !== 'direct') {
    phases.push(await phase('group commit, first ballot', batchOptions));
    phases.push(await phase('group commit, second ballot (warm)', batchOptions));
  }
  // Every vote's event reached the stream (the relay's work counts only if it was done).
  await drained();
  const streamed = (await (await jetstreamManager(nc)).streams.info(streams.ballots.name)).state
    .messages;
  const left = await unpublished();
  await relay.stop();
  await progress.close();
  await progressThread.close();

  // PGBENCH=off skips the ceiling (quicker runs while tuning).
  const skipPgbench = process.env.PGBENCH === 'off';
  if (!skipPgbench) step('pgbench');
  // The ceiling (issue 4's): one vote row and its outbox row per transaction straight from
  // pgbench, what a design with one transaction per vote could reach at best on this machine.
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
  // For reference, the database alone writing the group commit's shape: 32 votes and one outbox
  // row per transaction (PostgreSQL's share of the vote path, without HTTP or the server).
  const batchScript = join(dir, 'batch.sql');
  writeFileSync(
    batchScript,
    `\\set n random(1, 1000000000)
BEGIN;
INSERT INTO votes (id, ballot_id, matter_id, holder_key, choice, channel, receipt_hash, cast_at)
  SELECT gen_random_uuid(), '${randomUUID()}', '${randomUUID()}', 'pgbench-' || :n || '-' || i || '-' || random(), 'agree', 'web', md5(random()::text), now()
  FROM generate_series(1, 32) i;
INSERT INTO outbox (id, type, version, subject, aggregate_id, community_id, payload, occurred_at)
  VALUES (gen_random_uuid(), 'ballots.vote.cast', 2, 'ballots.vote.cast.v2', 'b', 'c', '{"n":1}', now());
COMMIT;
`,
  );
  const u = new URL(url);
  const pgbenchTps = async (file: string) => {
    if (skipPgbench) return undefined;
    const { stdout } = await run(
      join(findPostgresBin(), 'pgbench'),
      ['-n', '-h', u.hostname, '-p', u.port, '-U', 'postgres', '-c', String(CONCURRENCY)].concat([
        '-j',
        '2',
        '-T',
        '10',
        '-f',
        file,
        'ballots_bench',
      ]),
      { maxBuffer: 1 << 20 },
    ).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
    const tps = /tps = ([\d.]+)/.exec(stdout)?.[1];
    return tps === undefined ? undefined : Number(tps);
  };
  const tps = await pgbenchTps(script);
  const batchTps = await pgbenchTps(batchScript);

  console.log(
    `owners: ${OWNERS}, concurrency: ${CONCURRENCY}, relay: ${process.env.RELAY ?? 'own thread'}, dashboards: ${DASHBOARDS}`,
  );
  for (const p of phases) {
    console.log(`\n${p.name}${p.voteBatch ? ` ${JSON.stringify(p.voteBatch)}` : ''}`);
    console.log(
      `  open (snapshot + ${p.ballot.credentials} credentials): ${p.ballot.openMs.toFixed(0)} ms`,
    );
    console.log(
      `  votes: ${p.load.requests} in ${(p.load.requests / p.load.perSecond).toFixed(2)} s, statuses ${JSON.stringify(p.load.statuses)}`,
    );
    console.log(
      `  client CPU per vote ${(p.load as { cpuUs?: number }).cpuUs?.toFixed(0)} µs; votes/s: ${p.load.perSecond.toFixed(0)}  p50: ${p.load.p50.toFixed(2)} ms  p99: ${p.load.p99.toFixed(2)} ms`,
    );
    console.log(
      `  load average (1 min) before → after: ${p.loadavg}; server event loop busy ${(100 * p.elu).toFixed(0)} %; progress updates to ${DASHBOARDS} dashboard(s): ${p.updates}`,
    );
    console.log(
      `  sent to PostgreSQL per vote by the vote path (not the relay's thread): ${p.sent}`,
    );
    console.log(
      `  CPU per vote: server ${p.serverUs.toFixed(0)} µs (${p.serverSystemUs.toFixed(0)} in the kernel), PostgreSQL ${p.postgresUs.toFixed(0)} µs, nats-server ${p.natsUs.toFixed(0)} µs${PROFILE ? ' (profiling inflates the server figure)' : ''}`,
    );
    for (const line of p.profileSummary) console.log(`  ${line}`);
  }
  console.log(`\nevents in the BALLOTS stream: ${streamed}; left unpublished: ${left}`);
  console.log(
    `\nceiling (pgbench, one vote + its outbox row per transaction, ${CONCURRENCY} clients): ${tps?.toFixed(0) ?? 'n/a'} tps`,
  );
  console.log(
    `PostgreSQL alone in the group commit's shape (pgbench, 32 votes + one outbox row per transaction): ${batchTps === undefined ? 'n/a' : (batchTps * 32).toFixed(0)} votes/s`,
  );
  // A run that lost a vote or an event is no measurement.
  const refused = phases.filter((p) => Object.keys(p.load.statuses).some((s) => s !== '201'));
  if (refused.length > 0 || left > 0) {
    console.error(
      `[bench] FAILED: ${refused.map((p) => `${p.name}: ${JSON.stringify(p.load.statuses)}`).join('; ')}${left > 0 ? ` ${left} events unpublished` : ''}`,
    );
    process.exitCode = 1;
  }
  await nc.close();
  await database.close();
} finally {
  await Promise.allSettled([pg.stop(), nats.stop()]);
}

/** The functions that spent the most time themselves (not in their callees), as in DevTools' bottom-up view. */
function topSelfTime(
  profile: {
    nodes: {
      id: number;
      callFrame: { functionName: string; url: string; lineNumber: number };
    }[];
    samples?: number[];
    timeDeltas?: number[];
  },
  file: string,
): string[] {
  const self = new Map<number, number>();
  const deltas = profile.timeDeltas ?? [];
  for (const [i, id] of (profile.samples ?? []).entries()) {
    self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0));
  }
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url
      ? `${url.replace(/^.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '').replace(/^file:\/\/.*\/services\//, '')}:${lineNumber + 1}`
      : '';
    const key = `${functionName || '(anonymous)'} ${where}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  return [
    `profile: ${file} (${(total / 1e6).toFixed(1)} s sampled); top self time:`,
    ...[...byFunction]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20)
      .map(([key, us]) => `  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`),
  ];
}
