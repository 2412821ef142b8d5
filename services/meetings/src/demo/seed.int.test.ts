import { randomUUID } from 'node:crypto';
import { rosterEvents } from '@yishi/ballots/src/test-support.ts';
import { communityRegistered } from '@yishi/contracts';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { meetings } from '../db/schema/index.ts';
import { startTestMeetings, type TestMeetings } from '../test-support.ts';
import { seedDemo } from './seed.ts';

let t: TestMeetings;
beforeAll(async () => {
  t = await startTestMeetings();
});
afterAll(async () => {
  await t?.close();
});

it('seeds a deliberation meeting and an upcoming written assembly in 幸福里 once', async () => {
  expect(await seedDemo(t.deps)).toBeUndefined();
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
  expect(await seedDemo(t.deps)).toEqual({ created: true });
  expect(await seedDemo(t.deps)).toEqual({ created: false });
  const rows = await t.deps.db.select().from(meetings).where(eq(meetings.communityId, communityId));
  expect(rows.map((r) => [r.kind, r.form, r.status, r.ballotId !== null]).sort()).toEqual([
    ['deliberation', 'in_person', 'notice_published', false],
    ['owners_assembly', 'in_writing', 'notice_published', true],
  ]);
});
