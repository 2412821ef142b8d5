import { randomUUID } from 'node:crypto';
import { rosterEvents } from '@yishi/ballots/src/test-support.ts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { committeeOf, startTestMeetings, type TestMeetings } from '../test-support.ts';

let t: TestMeetings;
beforeAll(async () => {
  t = await startTestMeetings();
});
afterAll(async () => {
  await t?.close();
});

it("answers the owner key's own units and their area, and nothing to a staff token", async () => {
  const communityId = randomUUID();
  const roster = rosterEvents(communityId, [
    { building: '1', room: '101', area: '100.00', owner: 'a' },
    { building: '1', room: '102', area: '80.00', owner: 'b' },
    { building: '2', room: '101', area: '70.50', owner: 'a' },
  ]);
  await t.project(roster.events);
  const token = await t.ownerTokenFor({ holderKey: roster.holderKeys.get('a')!, communityId });
  const res = await t.request('/owner/me', { token });
  expect(res.status).toBe(200);
  const me = (await res.json()) as { communityId: string; units: { room: string }[]; area: string };
  expect(me.communityId).toBe(communityId);
  expect(me.units.map((u) => u.room)).toEqual(['101', '101']);
  expect(me.area).toBe('170.50');
  const staff = await t.tokenFor(committeeOf(communityId));
  expect((await t.request('/owner/me', { token: staff })).status).toBe(401);
  expect((await t.request('/owner/me')).status).toBe(401);
});
