import { randomUUID } from 'node:crypto';
import { rosterEvents } from '@yishi/ballots/src/test-support.ts';
import { tally } from '@yishi/domain';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestMeetings, type TestMeetings } from '../test-support.ts';
import { communityTotals } from './roster.ts';

let t: TestMeetings;
beforeAll(async () => {
  t = await startTestMeetings();
});
afterAll(async () => {
  await t?.close();
});

it("counts the developer's unsold units as one owner, whatever keys they were recorded under", async () => {
  const communityId = randomUUID();
  const units = [
    { building: '1', room: '101', area: '100.00', owner: 'a' },
    { building: '1', room: '102', area: '80.00', owner: 'dev', developerUnsold: true },
    { building: '1', room: '103', area: '80.00', owner: 'dev-sub', developerUnsold: true },
    // A unit sold by the developer's subsidiary's key stays with that key's head.
    { building: '1', room: '104', area: '60.00', owner: 'dev-sub' },
    { building: '2', room: '101', area: '90.00', owner: 'b' },
    { building: 'P', room: '001', area: '12.00', owner: 'c', kind: 'parking' as const },
  ];
  await t.project(rosterEvents(communityId, units).events);
  const expected = tally({
    matter: 1,
    units: units
      .filter((u) => u.kind !== 'parking')
      .map((u) => ({
        unit: `${u.building}-${u.room}`,
        owner: u.owner,
        area: u.area,
        developerUnsold: u.developerUnsold ?? false,
      })),
    votes: [],
  });
  expect(expected.totalHeadcount).toBe(3);
  expect(await communityTotals(t.deps.db, communityId)).toEqual({
    area: expected.totalArea,
    headcount: expected.totalHeadcount,
  });
});
