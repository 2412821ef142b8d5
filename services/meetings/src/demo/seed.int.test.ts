import { randomUUID } from 'node:crypto';
import { rosterEvents } from '@yishi/ballots/src/test-support.ts';
import { outbox } from '@yishi/bus';
import { assemblyBallotRequested, communityRegistered } from '@yishi/contracts';
import { manualClock } from '@yishi/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, expect, it } from 'vitest';
import { meetings } from '../db/schema/index.ts';
import { createMeeting } from '../meetings/draft-meeting.ts';
import { startTestMeetings, type TestMeetings } from '../test-support.ts';
import { demoMeetingId, demoMeetings, demoStaff, seedDemo } from './seed.ts';

const DAY = 86_400_000;
const started: TestMeetings[] = [];
afterAll(async () => {
  await Promise.all(started.map((t) => t.close()));
});

/** A database of its own (the seed takes the one community named 幸福里), with a hand clock. */
async function fresh() {
  const clock = manualClock(new Date('2026-03-01T02:00:00.000Z'));
  const t = await startTestMeetings({ now: clock.now });
  started.push(t);
  return { t, clock };
}

async function addDemoCommunity(t: TestMeetings) {
  const communityId = randomUUID();
  const roster = rosterEvents(communityId, [
    { building: '1', room: '101', area: '100.00', owner: 'a' },
    { building: '1', room: '102', area: '80.00', owner: 'b' },
  ]);
  const named = communityRegistered.create({
    communityId,
    aggregateId: communityId,
    payload: {
      communityId,
      name: '幸福里',
      street: '幸福街道',
      neighbourhood: '幸福里社区',
      parkingIncluded: false,
    },
  });
  await t.project([...roster.events, named]);
  return communityId;
}

const rowsOf = (t: TestMeetings, communityId: string) =>
  t.deps.db.select().from(meetings).where(eq(meetings.communityId, communityId));
const ballotRequests = (t: TestMeetings, communityId: string) =>
  t.deps.db.$count(
    outbox,
    and(eq(outbox.type, assemblyBallotRequested.type), eq(outbox.communityId, communityId)),
  );

it('seeds a deliberation meeting and an upcoming written assembly in 幸福里 once', async () => {
  const { t } = await fresh();
  expect(await seedDemo(t.deps)).toBeUndefined();
  const communityId = await addDemoCommunity(t);
  expect(await seedDemo(t.deps)).toEqual({ created: true });
  expect(await seedDemo(t.deps)).toEqual({ created: false });
  const rows = await rowsOf(t, communityId);
  expect(rows.map((r) => [r.id, r.kind, r.form, r.status, r.ballotId !== null]).sort()).toEqual(
    [
      [
        demoMeetingId(communityId, 'deliberation'),
        'deliberation',
        'in_person',
        'notice_published',
        false,
      ],
      [
        demoMeetingId(communityId, 'assembly'),
        'owners_assembly',
        'in_writing',
        'notice_published',
        true,
      ],
    ].sort(),
  );
  expect(await ballotRequests(t, communityId)).toBe(1);
});

it('seeds one set when replicas seed at the same moment', async () => {
  const { t } = await fresh();
  const communityId = await addDemoCommunity(t);
  const results = await Promise.all([seedDemo(t.deps), seedDemo(t.deps), seedDemo(t.deps)]);
  expect(results.some((r) => r?.created)).toBe(true);
  const rows = await rowsOf(t, communityId);
  expect(rows.map((r) => r.status)).toEqual(['notice_published', 'notice_published']);
  expect(await ballotRequests(t, communityId)).toBe(1);
});

it('finishes a seed interrupted between drafting and publishing, with fresh dates', async () => {
  const { t, clock } = await fresh();
  const communityId = await addDemoCommunity(t);
  // A run that drafted the assembly under its id and stopped before the notice.
  const assembly = demoMeetings.find((d) => d.key === 'assembly')!;
  const id = demoMeetingId(communityId, 'assembly');
  const ids = [id];
  const newId = () => ids.shift() ?? randomUUID();
  await createMeeting(
    { ...t.deps, newId },
    { staff: demoStaff(communityId), communityId, input: assembly.input(clock.now()) },
  );
  // Restarted ten days later: the draft's date no longer leaves 15 days for its notice.
  clock.advance(10 * DAY);
  expect(await seedDemo(t.deps)).toEqual({ created: true });
  const rows = await rowsOf(t, communityId);
  expect(rows).toHaveLength(2);
  expect(rows.every((r) => r.status === 'notice_published')).toBe(true);
  const row = rows.find((r) => r.id === id)!;
  expect(row.startsAt).toEqual(assembly.input(clock.now()).startsAt);
  expect(await ballotRequests(t, communityId)).toBe(1);
  expect(await seedDemo(t.deps)).toEqual({ created: false });
});

it('adopts the demo meetings an earlier release seeded under random ids', async () => {
  const { t, clock } = await fresh();
  const communityId = await addDemoCommunity(t);
  for (const demo of demoMeetings) {
    await createMeeting(t.deps, {
      staff: demoStaff(communityId),
      communityId,
      input: demo.input(clock.now()),
    });
  }
  expect(await seedDemo(t.deps)).toEqual({ created: false });
  expect(await rowsOf(t, communityId)).toHaveLength(2);
});
