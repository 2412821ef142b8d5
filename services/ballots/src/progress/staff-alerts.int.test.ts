import '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { outbox } from '@yishi/bus';
import { progressSummarized, quorumAtRisk } from '@yishi/contracts';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials } from '../db/schema/index.ts';
import {
  committeeOf,
  draftBody,
  manualClock,
  rosterEvents,
  startTestBallots,
  type TestBallots,
} from '../test-support.ts';
import { atRiskEventId, raiseStaffAlerts, shanghaiDay, uuidV5 } from './staff-alerts.ts';

const hour = 3_600_000;
// 2026-03-01 10:00 Asia/Shanghai.
const clock = manualClock(new Date('2026-03-01T02:00:00.000Z'));
let t: TestBallots;

beforeAll(async () => {
  t = await startTestBallots({ now: clock.now });
});
afterAll(() => t?.close());

/**
 * Five owners: building 1 (a, b, c: 300 m²) and building 2 (d, e: 160 m²). Estate quorum: 4
 * heads, 306.67 m². Opened now, closing in 3 days.
 */
async function openBallot() {
  clock.set(new Date('2026-03-01T02:00:00.000Z'));
  const communityId = randomUUID();
  const roster = rosterEvents(communityId, [
    { building: '1', room: '101', area: '100.00', owner: 'a' },
    { building: '1', room: '102', area: '100.00', owner: 'b' },
    { building: '1', room: '201', area: '100.00', owner: 'c' },
    { building: '2', room: '101', area: '80.00', owner: 'd' },
    { building: '2', room: '102', area: '80.00', owner: 'e' },
  ]);
  await t.project(roster.events);
  const token = await t.tokenFor(committeeOf(communityId));
  const base = `/communities/${communityId}/ballots`;
  const draft = await t.request(base, {
    token,
    json: draftBody(new Date(clock.now().getTime() - 60_000), {}, { days: 3 }),
  });
  expect(draft.status).toBe(201);
  const ballot = (await draft.json()) as { id: string; matters: { id: string }[] };
  expect((await t.request(`${base}/${ballot.id}/open`, { token, method: 'POST' })).status).toBe(
    200,
  );
  const creds = await t.deps.db
    .select()
    .from(credentials)
    .where(eq(credentials.ballotId, ballot.id));
  const vote = async (owner: string) => {
    const cred = creds.find((c) => c.holderKey === roster.holderKeys.get(owner))!;
    const res = await t.request(`/v/${t.linkOf(cred.id)}/votes`, {
      json: { choices: [{ matterId: ballot.matters[0]!.id, choice: 'agree' }] },
    });
    expect(res.status).toBe(201);
  };
  const closesAt = new Date(clock.now().getTime() - 60_000 + 3 * 24 * hour);
  return { communityId, ballotId: ballot.id, closesAt, vote, buildings: roster.buildingIds };
}

const eventsOf = (ballotId: string, type: string) =>
  t.deps.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.aggregateId, ballotId), eq(outbox.type, type)))
    .orderBy(asc(outbox.seq));

describe('staff alerts', () => {
  it('makes name-based UUID v5 ids (RFC 9562 test vector)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    expect(shanghaiDay(new Date('2026-03-01T16:00:00.000Z'))).toBe('2026-03-02');
    expect(shanghaiDay(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
  });

  it('raises quorum at risk once 24 h before the close, however often and concurrently the scheduler runs', async () => {
    const b = await openBallot();
    await b.vote('a');
    clock.set(new Date(b.closesAt.getTime() - 25 * hour));
    await raiseStaffAlerts(t.deps);
    expect(await eventsOf(b.ballotId, quorumAtRisk.type)).toHaveLength(0);

    clock.set(new Date(b.closesAt.getTime() - 23 * hour));
    await Promise.all([raiseStaffAlerts(t.deps), raiseStaffAlerts(t.deps)]);
    clock.advance(hour);
    await raiseStaffAlerts(t.deps);

    const rows = await eventsOf(b.ballotId, quorumAtRisk.type);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(atRiskEventId(b.ballotId, b.closesAt));
    const event = quorumAtRisk.parse({
      id: rows[0]!.id,
      type: rows[0]!.type,
      version: rows[0]!.version,
      occurredAt: rows[0]!.occurredAt.toISOString(),
      communityId: rows[0]!.communityId,
      aggregateId: rows[0]!.aggregateId,
      payload: rows[0]!.payload,
    });
    const [matter] = event.payload.matters;
    expect(matter).toMatchObject({
      quorumMet: false,
      participating: { area: '100.00', headcount: 1 },
      shortfall: { headcount: 3 },
    });
    // Building 2 (nobody voted) is furthest from two thirds, so it comes first.
    expect(matter!.buildings.map((x) => [x.building, x.shortfall.headcount])).toEqual([
      ['2', 2],
      ['1', 1],
    ]);
  });

  it('raises no risk when the quorum is met', async () => {
    const b = await openBallot();
    for (const owner of ['a', 'b', 'c', 'd']) await b.vote(owner);
    clock.set(new Date(b.closesAt.getTime() - 2 * hour));
    await raiseStaffAlerts(t.deps);
    expect(await eventsOf(b.ballotId, quorumAtRisk.type)).toHaveLength(0);
  });

  it('summarizes once per Shanghai day from 09:00 while open, starting the day after an opening past 09:00', async () => {
    const b = await openBallot();
    await b.vote('d');
    clock.set(new Date('2026-03-01T06:00:00.000Z')); // 14:00 on the opening day
    await raiseStaffAlerts(t.deps);
    clock.set(new Date('2026-03-02T00:59:00.000Z')); // 08:59 the next day
    await raiseStaffAlerts(t.deps);
    expect(await eventsOf(b.ballotId, progressSummarized.type)).toHaveLength(0);

    clock.set(new Date('2026-03-02T01:00:00.000Z'));
    await Promise.all([raiseStaffAlerts(t.deps), raiseStaffAlerts(t.deps)]);
    clock.set(new Date('2026-03-02T12:00:00.000Z'));
    await raiseStaffAlerts(t.deps);
    clock.set(new Date('2026-03-03T01:30:00.000Z'));
    await raiseStaffAlerts(t.deps);
    clock.set(new Date(b.closesAt.getTime() + hour)); // closed: the 4th's summary never comes
    await raiseStaffAlerts(t.deps);

    const rows = await eventsOf(b.ballotId, progressSummarized.type);
    expect(rows.map((r) => (r.payload as { day: string }).day)).toEqual([
      '2026-03-02',
      '2026-03-03',
    ]);
    const payload = rows[0]!.payload as ReturnType<typeof progressSummarized.create>['payload'];
    expect(payload.matters[0]!.buildings).toEqual([
      expect.objectContaining({
        building: '1',
        buildingId: b.buildings.get('1'),
        participating: { area: '0.00', headcount: 0 },
        total: { area: '300.00', headcount: 3 },
        shortfall: { area: '200.00', headcount: 2 },
      }),
      expect.objectContaining({
        building: '2',
        participating: { area: '80.00', headcount: 1 },
        quorumMet: false,
      }),
    ]);
  });
});
