import '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { gridDefined } from '@yishi/contracts';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballots, credentials, votes } from '../db/schema/index.ts';
import { readEnv } from '../env.ts';
import {
  committeeOf,
  manualClock,
  type RosterUnit,
  rosterEvents,
  startTestBallots,
  type TestBallots,
} from '../test-support.ts';
import {
  DEMO_COMMUNITY,
  demoBallotId,
  findDemoCommunity,
  seedDemoBallot,
  votesOnline,
} from './seed.ts';

const clock = manualClock();
let t: TestBallots;
beforeAll(async () => {
  t = await startTestBallots({ now: clock.now });
});
afterAll(() => t?.close());

/** 40 owners in two buildings, as the directory's demo would publish them, named 幸福里. */
function demoRoster(communityId: string) {
  const units: RosterUnit[] = Array.from({ length: 40 }, (_, i) => ({
    building: `${1 + (i % 2)}号楼`,
    room: `${1 + Math.floor(i / 4)}0${1 + (i % 4)}`,
    area: ['89.50', '112.80', '68.42'][i % 3]!,
    owner: `o${i}`,
  }));
  const roster = rosterEvents(communityId, units);
  const events = roster.events.map((e) =>
    e.type === 'directory.community.registered'
      ? { ...e, payload: { ...e.payload, name: DEMO_COMMUNITY } }
      : e,
  );
  const grid = gridDefined.create(
    {
      communityId,
      aggregateId: communityId,
      payload: {
        gridId: randomUUID(),
        name: '第一网格',
        buildingIds: [...roster.buildingIds.values()],
        workerIds: [],
      },
    },
    { now: clock.now, newId: randomUUID },
  );
  return { events, grid };
}

describe('the demo ballot', () => {
  it('is off unless DEMO is set', () => {
    expect(readEnv({}).DEMO).toBe(false);
    expect(readEnv({ DEMO: 'true' }).DEMO).toBe(true);
  });

  it('waits for the whole demo community, then seeds one open ballot with votes, once', async () => {
    const communityId = randomUUID();
    const { events, grid } = demoRoster(communityId);
    await t.project(events);
    // The roster is there but not the grid, which the directory defines last: not complete yet.
    expect(await findDemoCommunity(t.deps.db)).toBeUndefined();
    await t.project([grid as never]);
    expect(await findDemoCommunity(t.deps.db)).toBe(communityId);

    const first = await seedDemoBallot(t.deps, communityId);
    expect(first).toMatchObject({ ballotId: demoBallotId(communityId), created: true });
    const again = await seedDemoBallot(t.deps, communityId);
    expect(again).toMatchObject({ created: false, cast: 0 });

    const stored = await t.deps.db
      .select()
      .from(ballots)
      .where(eq(ballots.communityId, communityId));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      title: '筹集维修资金安装防火门',
      status: 'open',
      createdBy: 'system:demo',
    });
    const cast = await t.deps.db
      .select({ channel: votes.channel, n: count() })
      .from(votes)
      .where(eq(votes.ballotId, first.ballotId))
      .groupBy(votes.channel);
    const by = Object.fromEntries(cast.map((c) => [c.channel, c.n]));
    expect(by.paper).toBe(4);
    expect(by.proxy).toBe(1);
    // About 45 % of the owners vote online, drawn from their holder keys (random in this test):
    // exactly those the draw picks.
    const holderKeys = (
      await t.deps.db
        .select({ holderKey: credentials.holderKey })
        .from(credentials)
        .where(eq(credentials.ballotId, first.ballotId))
    ).map((c) => c.holderKey);
    expect(holderKeys).toHaveLength(40);
    expect(by.web).toBe(holderKeys.filter(votesOnline).length);
    expect(by.web).toBeGreaterThan(0);
    expect(first.cast).toBe((by.web ?? 0) + 5);

    const token = await t.tokenFor(committeeOf(communityId));
    const progress = (await (
      await t.request(`/communities/${communityId}/ballots/${first.ballotId}/progress`, { token })
    ).json()) as {
      matters: {
        item: number;
        participating: { headcount: number };
        total: { headcount: number };
      }[];
    };
    expect(progress.matters[0]).toMatchObject({
      item: 6,
      total: { headcount: 40 },
      participating: { headcount: first.cast },
    });
  });
});
