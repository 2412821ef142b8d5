import '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { createLogger, type ServerHandle, serve } from '@yishi/app';
import { ensureStream, outbox, type Relay, startRelay } from '@yishi/bus';
import { progressSubject, progressUpdated } from '@yishi/contracts';
import { connectTestNats, uniqueName, waitFor } from '@yishi/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBallotsApp } from '../app.ts';
import { loadBallot } from '../ballots/load.ts';
import { computeResults } from '../ballots/results.ts';
import type { Deps } from '../context.ts';
import { ballots, credentials } from '../db/schema/index.ts';
import {
  committeeOf,
  draftBody,
  rosterEvents,
  startTestBallots,
  type TestBallots,
} from '../test-support.ts';
import { progressFigures } from './figures.ts';
import { ProgressHub } from './hub.ts';
import { startProgressThread } from './progress-thread.ts';
import type { ProgressView } from './view.ts';

let t: TestBallots;
let nc: NatsConnection;
let hub: ProgressHub;
let relay: Relay;
let server: ServerHandle;
let app: ReturnType<typeof createBallotsApp>;

beforeAll(async () => {
  t = await startTestBallots();
  nc = await connectTestNats();
  // The relay publishes the outbox (vote.cast among it) as in production; events are 4 tokens.
  await ensureStream(await jetstream(nc).jetstreamManager(), {
    name: uniqueName('BALLOTS'),
    subjects: ['ballots.*.*.*'],
  });
  relay = startRelay({ db: t.deps.db, js: jetstream(nc), pollIntervalMs: 50 });
  hub = new ProgressHub({ ...t.deps, wakeRelay: () => relay.wake() }, { nats: nc });
  const deps: Deps = {
    ...t.deps,
    wakeRelay: () => relay.wake(),
    progress: hub,
    onVotesChanged: hub.votesChanged,
    logger: createLogger({ service: 'ballots', level: 'silent' }),
  };
  app = createBallotsApp(deps);
  server = await serve(app, { port: 0, hostname: '127.0.0.1' });
});
afterAll(async () => {
  await hub?.close();
  await server?.close();
  await relay?.stop();
  await nc?.close();
  await t?.close();
});

const request = (path: string, init: { token?: string; json?: unknown } = {}) =>
  Promise.resolve(
    app.request(path, {
      method: init.json === undefined ? 'GET' : 'POST',
      headers: {
        ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
    }),
  );

/**
 * Nine owners in three buildings; `a` also owns 2-201. Estate: 10 units, 9 heads, 750 m²;
 * quorum needs 6 heads and 500 m².
 */
async function openBallot(options: { publication?: 'named' | 'secret' } = {}) {
  const communityId = randomUUID();
  const roster = rosterEvents(communityId, [
    { building: '1', room: '101', area: '100.00', owner: 'a' },
    { building: '1', room: '102', area: '100.00', owner: 'b' },
    { building: '1', room: '201', area: '100.00', owner: 'c' },
    { building: '2', room: '101', area: '80.00', owner: 'd' },
    { building: '2', room: '102', area: '80.00', owner: 'e' },
    { building: '2', room: '201', area: '50.00', owner: 'a' },
    { building: '3', room: '101', area: '60.00', owner: 'f' },
    { building: '3', room: '102', area: '60.00', owner: 'g' },
    { building: '3', room: '201', area: '60.00', owner: 'h' },
    { building: '3', room: '202', area: '60.00', owner: 'i' },
  ]);
  await t.project(roster.events);
  const committee = committeeOf(communityId);
  const token = await t.tokenFor(committee);
  const base = `/communities/${communityId}/ballots`;
  const draft = await request(base, {
    token,
    json: {
      ...draftBody(new Date(Date.now() - 60_000), {}, { matters: 2 }),
      ...(options.publication ? { publication: options.publication } : {}),
    },
  });
  const ballot = (await draft.json()) as { id: string; matters: { id: string }[] };
  expect((await t.request(`${base}/${ballot.id}/open`, { token, method: 'POST' })).status).toBe(
    200,
  );
  const creds = await t.deps.db
    .select()
    .from(credentials)
    .where(eq(credentials.ballotId, ballot.id));
  const [m1, m2] = ballot.matters.map((m) => m.id) as [string, string];
  const holder = (owner: string) => roster.holderKeys.get(owner)!;
  const vote = async (owner: string, choice = 'agree') => {
    const cred = creds.find((c) => c.holderKey === holder(owner))!;
    const res = await request(`/v/${t.linkOf(cred.id)}/votes`, {
      json: {
        choices: [
          { matterId: m1, choice },
          { matterId: m2, choice: 'oppose' },
        ],
      },
    });
    expect(res.status).toBe(201);
  };
  const path = `${base}/${ballot.id}`;
  const progress = async (as = token) => {
    const res = await request(`${path}/progress`, { token: as });
    expect(res.status).toBe(200);
    return (await res.json()) as ProgressView;
  };
  /** Polls until matter 1 counts `heads` participants (the cache refreshes within ~500 ms). */
  const progressWith = (heads: number, as = token) =>
    waitFor(
      async () => {
        const p = await progress(as);
        return p.matters[0]?.participating.headcount === heads ? p : undefined;
      },
      { timeoutMs: 5_000, message: `progress with ${heads} participants` },
    );
  const building = (name: string) => roster.buildingIds.get(name)!;
  return {
    communityId,
    committee,
    token,
    path,
    ballotId: ballot.id,
    m1,
    m2,
    holder,
    vote,
    progress,
    progressWith,
    building,
  };
}

const quorumEvents = (ballotId: string) =>
  t.deps.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.aggregateId, ballotId), eq(outbox.type, 'ballots.quorum.reached')));

describe('progress', () => {
  it('equals tally of the stored votes, and follows a new vote with no counter row updated', async () => {
    const b = await openBallot();
    const [before] = await t.deps.db.select().from(ballots).where(eq(ballots.id, b.ballotId));
    await b.vote('a');
    await b.vote('b', 'oppose');
    await b.vote('f');
    const compare = async (p: ProgressView) => {
      const row = await loadBallot(t.deps.db, { communityId: b.communityId, ballotId: b.ballotId });
      const { results } = await computeResults(t.deps.db, row);
      for (const matter of p.matters) {
        const r = results.find((x) => x.matterId === matter.matterId)!.result;
        expect(matter.total).toEqual({ area: r.totalArea, headcount: r.totalHeadcount });
        expect(matter.participating).toEqual({
          area: r.participatingArea,
          headcount: r.participatingHeadcount,
        });
        expect(matter.agree).toEqual({ area: r.agreeArea, headcount: r.agreeHeadcount });
        expect(matter.quorum).toEqual(r.quorum);
        expect(matter.approval).toEqual(r.approval);
        expect(matter.threshold).toBe(r.threshold);
      }
    };
    const three = await b.progressWith(3);
    expect(three.matters[0]).toMatchObject({
      total: { area: '750.00', headcount: 9 },
      participating: { area: '310.00', headcount: 3 },
      agree: { area: '210.00', headcount: 2 },
      quorum: { met: false, shortfall: { area: '190.00', headcount: 3 } },
    });
    expect(three.secondsLeft).toBeGreaterThan(13 * 86_400);
    await compare(three);

    await b.vote('c');
    const four = await b.progressWith(4);
    expect(four.matters[0]?.participating).toEqual({ area: '410.00', headcount: 4 });
    await compare(four);
    const [after] = await t.deps.db.select().from(ballots).where(eq(ballots.id, b.ballotId));
    expect(after?.updatedAt).toEqual(before?.updatedAt);
  });

  it('is computed alike in its own thread and in this one; a missing ballot fails only its own computation', async () => {
    const b = await openBallot();
    await b.vote('a');
    await b.vote('b', 'oppose');
    const thread = startProgressThread({
      databaseUrl: t.databaseUrl,
      logger: createLogger({ service: 'ballots', level: 'silent' }),
    });
    try {
      const here = await progressFigures(t.deps.db)(b.ballotId);
      const there = await thread.compute(b.ballotId);
      expect(there).toEqual(here);
      expect(there.matters[0]?.participating.headcount).toBe(2);
      expect(there.ballot.closesAt).toBeInstanceOf(Date);
      // A ballot that does not exist fails that computation only.
      await expect(thread.compute(randomUUID())).rejects.toThrow(/is gone/);
      await b.vote('c');
      expect((await thread.compute(b.ballotId)).matters[0]?.participating.headcount).toBe(3);
    } finally {
      await thread.close();
    }
    await expect(thread.compute(b.ballotId)).rejects.toThrow(/closed/);
  });

  it('hides agreement while a secret ballot is open, and shows participation', async () => {
    const b = await openBallot({ publication: 'secret' });
    await b.vote('a');
    const p = await b.progressWith(1);
    expect(p.matters[0]?.participating.headcount).toBe(1);
    expect(p.matters[0]?.agree).toBeNull();
    expect(p.matters[0]?.approval).toBeNull();
    expect(p.matters[0]?.buildings.every((x) => x.agree === null && x.approval === null)).toBe(
      true,
    );
    const named = await openBallot();
    await named.vote('a');
    expect((await named.progressWith(1)).matters[0]?.agree?.headcount).toBe(1);
  });

  it('lists buildings by their own shortfall against two thirds of the building', async () => {
    const b = await openBallot();
    for (const owner of ['a', 'b', 'c', 'f']) await b.vote(owner);
    const p = await b.progressWith(4);
    expect(
      p.matters[0]?.buildings.map((x) => [x.building, x.quorum.shortfall, x.total.headcount]),
    ).toEqual([
      ['3', { area: '100.00', headcount: 2 }, 4],
      ['2', { area: '90.00', headcount: 1 }, 3],
      ['1', { area: '0.00', headcount: 0 }, 3],
    ]);
  });

  it('shows a grid worker only their buildings', async () => {
    const b = await openBallot();
    const worker = await t.tokenFor({
      sub: randomUUID(),
      roles: ['grid_worker'],
      communities: [b.communityId],
      buildings: [b.building('3')],
    });
    const p = await b.progress(worker);
    expect(p.matters[0]?.buildings.map((x) => x.building)).toEqual(['3']);
    expect(p.matters[0]?.total.headcount).toBe(9);
  });

  it('refuses a caller without a token, and staff of another community', async () => {
    const b = await openBallot();
    expect((await request(`${b.path}/progress`)).status).toBe(401);
    const other = await t.tokenFor(committeeOf(randomUUID()));
    expect((await request(`${b.path}/progress`, { token: other })).status).toBe(404);
  });

  it('follows a vote taken by another replica, heard on NATS', async () => {
    const b = await openBallot();
    await b.vote('a');
    await b.progressWith(1);
    // Another replica with its own hub: it has no hook from this replica's vote path.
    const other = new ProgressHub(t.deps, { nats: nc });
    try {
      const seen = await other.current(b.ballotId);
      expect(seen.matters[0]?.participating.headcount).toBe(1);
      await b.vote('b');
      const updated = await waitFor(
        async () => {
          const s = await other.current(b.ballotId);
          return s.matters[0]?.participating.headcount === 2 ? s : undefined;
        },
        { timeoutMs: 10_000, message: 'the other replica to see the vote' },
      );
      expect(updated.matters[0]?.participating.area).toBe('250.00');
    } finally {
      await other.close();
    }
  });
});

describe('quorum reached', () => {
  it('is emitted once per matter when the quorum is crossed, never again', async () => {
    const b = await openBallot();
    for (const owner of ['a', 'b', 'c', 'd', 'e']) await b.vote(owner);
    const five = await b.progressWith(5);
    expect(five.matters[0]?.quorum).toMatchObject({ met: false, areaMet: true });
    expect(await quorumEvents(b.ballotId)).toHaveLength(0);

    await b.vote('f');
    const six = await b.progressWith(6);
    expect(six.matters.map((m) => m.quorum.met)).toEqual([true, true]);
    const events = await quorumEvents(b.ballotId);
    expect(events.map((e) => (e.payload as { matterId: string }).matterId).sort()).toEqual(
      [b.m1, b.m2].sort(),
    );
    expect(events[0]?.payload).toMatchObject({
      ballotId: b.ballotId,
      participating: { headcount: 6, area: '570.00' },
      total: { headcount: 9, area: '750.00' },
    });

    await b.vote('g');
    await b.progressWith(7);
    // A replica that starts afresh finds the rows and emits nothing either.
    const other = new ProgressHub(t.deps);
    try {
      await other.current(b.ballotId);
    } finally {
      await other.close();
    }
    expect(await quorumEvents(b.ballotId)).toHaveLength(2);
  });
});

describe('progress events on NATS', () => {
  it('publishes at most one per second under a burst of votes, the last one complete', async () => {
    const b = await openBallot();
    const received: { at: number; heads: number }[] = [];
    const sub = nc.subscribe(progressSubject(b.ballotId), {
      callback: (_err, msg) => {
        const event = progressUpdated.parse(msg.json());
        received.push({
          at: performance.now(),
          heads: event.payload.matters[0]?.participating.headcount ?? -1,
        });
      },
    });
    const start = performance.now();
    try {
      for (const owner of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']) {
        await b.vote(owner);
        await new Promise((r) => setTimeout(r, 250));
      }
      await waitFor(() => received.at(-1)?.heads === 9, {
        timeoutMs: 5_000,
        message: 'a progress event with all nine votes',
      });
      await new Promise((r) => setTimeout(r, 1_200));
      const seconds = (performance.now() - start) / 1000;
      expect(received.length).toBeGreaterThanOrEqual(2);
      // One per second at most: counted, not timed between deliveries (a busy machine delays
      // one message and not the next, which says nothing about the publisher). Nine votes,
      // each its own event without the throttle, would exceed this.
      expect(received.length).toBeLessThanOrEqual(Math.floor(seconds) + 1);
      expect(received.length).toBeLessThan(9);
    } finally {
      sub.unsubscribe();
    }
  });
});

describe('progress stream', () => {
  it('sends the progress at once, an update soon after a vote, and lets go when the client leaves', async () => {
    const b = await openBallot();
    const controller = new AbortController();
    const res = await fetch(
      `http://127.0.0.1:${server.port}${b.path}/progress/stream?access_token=${encodeURIComponent(b.token)}`,
      { signal: controller.signal },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const nextEvent = async (): Promise<ProgressView> => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data: '))
            .map((l) => l.slice(6))
            .join('\n');
          if (block.includes('event: progress')) return JSON.parse(data) as ProgressView;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    };
    const first = await nextEvent();
    expect(first.matters[0]?.participating.headcount).toBe(0);
    expect(hub.listenerCount(b.ballotId)).toBe(1);

    const started = performance.now();
    await b.vote('d');
    let update = await nextEvent();
    while (update.matters[0]?.participating.headcount !== 1) update = await nextEvent();
    // The hub refreshes within a second; the wide bound only keeps a busy CI machine green.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(update.matters[0]?.participating.area).toBe('80.00');

    controller.abort();
    await waitFor(() => hub.listenerCount(b.ballotId) === 0, {
      timeoutMs: 10_000,
      message: 'the stream to unsubscribe',
    });
  });

  it('refuses a stream without a token', async () => {
    const b = await openBallot();
    const res = await fetch(`http://127.0.0.1:${server.port}${b.path}/progress/stream`);
    expect(res.status).toBe(401);
  });
});

describe('non-voters and outreach', () => {
  type Page = {
    items: {
      holderKey: string;
      building: string;
      room: string;
      phoneMasked: string | null;
      outreach: { outcome: string } | null;
    }[];
    nextCursor: string | null;
  };

  it('lists the owners who have not voted in walking order, with their latest visit', async () => {
    const b = await openBallot();
    await b.vote('a');
    await b.vote('b');
    const log = (owner: string, outcome: string, note?: string) =>
      request(`${b.path}/outreach`, {
        token: b.token,
        json: { holderKey: b.holder(owner), outcome, ...(note ? { note } : {}) },
      });
    expect((await log('d', 'not_home')).status).toBe(201);
    const second = await log('d', 'will_vote_online', '周末再来');
    expect(second.status).toBe(201);

    const pages: Page['items'] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const res = await request(`${b.path}/non-voters?limit=3${query}`, { token: b.token });
      expect(res.status).toBe(200);
      const page = (await res.json()) as Page;
      expect(page.items.length).toBeLessThanOrEqual(3);
      pages.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.map((r) => `${r.building}-${r.room}`)).toEqual([
      '1-201',
      '2-101',
      '2-102',
      '3-101',
      '3-102',
      '3-201',
      '3-202',
    ]);
    expect(pages.some((r) => r.holderKey === b.holder('a') || r.holderKey === b.holder('b'))).toBe(
      false,
    );
    const d = pages.find((r) => r.holderKey === b.holder('d'))!;
    expect(d.outreach?.outcome).toBe('will_vote_online');
    expect(d.phoneMasked).toBe('138****1004');
    expect(pages.find((r) => r.holderKey === b.holder('e'))?.outreach).toBeNull();

    const csv = await request(`${b.path}/non-voters?format=csv`, { token: b.token });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder()
      .decode(bytes)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(8);
    expect(lines[2]).toMatch(/^2,1,1,101,80\.00,138\*\*\*\*1004,将在线投票,/);

    const history = await request(
      `${b.path}/outreach?holderKey=${encodeURIComponent(b.holder('d'))}`,
      {
        token: b.token,
      },
    );
    const { items } = (await history.json()) as {
      items: { outcome: string; staffId: string; note: string | null }[];
    };
    expect(items.map((i) => [i.outcome, i.note])).toEqual([
      ['will_vote_online', '周末再来'],
      ['not_home', null],
    ]);
    expect(items[0]?.staffId).toBe(b.committee.sub);

    await b.vote('d');
    const after = (await (
      await request(`${b.path}/non-voters?buildingId=${b.building('2')}`, {
        token: b.token,
      })
    ).json()) as Page;
    expect(after.items.map((r) => r.room)).toEqual(['102']);
  });

  it('refuses a note that carries a phone number', async () => {
    const b = await openBallot();
    const res = await request(`${b.path}/outreach`, {
      token: b.token,
      json: { holderKey: b.holder('e'), outcome: 'visited', note: '电话 138 0000 1005' },
    });
    expect(res.status).toBe(400);
  });

  it('keeps a grid worker to their buildings', async () => {
    const b = await openBallot();
    const worker = await t.tokenFor({
      sub: randomUUID(),
      roles: ['grid_worker'],
      communities: [b.communityId],
      buildings: [b.building('3')],
    });
    const page = (await (await request(`${b.path}/non-voters`, { token: worker })).json()) as Page;
    expect(page.items.map((r) => r.building)).toEqual(['3', '3', '3', '3']);
    const elsewhere = await request(`${b.path}/non-voters?buildingId=${b.building('2')}`, {
      token: worker,
    });
    expect(elsewhere.status).toBe(404);
    const visitD = await request(`${b.path}/outreach`, {
      token: worker,
      json: { holderKey: b.holder('d'), outcome: 'visited' },
    });
    expect(visitD.status).toBe(404);
    const historyD = await request(
      `${b.path}/outreach?holderKey=${encodeURIComponent(b.holder('d'))}`,
      { token: worker },
    );
    expect(historyD.status).toBe(404);
    const visitG = await request(`${b.path}/outreach`, {
      token: worker,
      json: { holderKey: b.holder('g'), outcome: 'paper_collected' },
    });
    expect(visitG.status).toBe(201);
  });
});
