import { randomUUID } from 'node:crypto';
import { rosterEvents } from '@yishi/ballots/src/test-support.ts';
import { ownerLinkRevoked } from '@yishi/contracts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  committeeOf,
  manualClock,
  meetingBody,
  startTestMeetings,
  type TestMeetings,
} from '../test-support.ts';

const clock = manualClock(new Date('2026-03-01T02:00:00.000Z'));
let t: TestMeetings;
beforeAll(async () => {
  t = await startTestMeetings({ now: clock.now });
});
afterAll(async () => {
  await t?.close();
});

type Recorded = { holderKey: string; created: boolean; area: string; method: string };
type StaffList = {
  summary: { attendees: number; proxies: number; area: string };
  items: { holderKey: string; method: string; proxyReference: string | null }[];
};

it('signs each owner key in once, by QR code, owner link or at the door, and shows no owner keys in public', async () => {
  const communityId = randomUUID();
  const roster = rosterEvents(communityId, [
    { building: '1', room: '101', area: '100.00', owner: 'a' },
    { building: '1', room: '102', area: '80.00', owner: 'b' },
    { building: '2', room: '101', area: '70.00', owner: 'a' },
  ]);
  await t.project(roster.events);
  const staff = () => t.tokenFor(committeeOf(communityId));
  const base = `/communities/${communityId}/meetings`;
  const created = await t.request(base, {
    token: await staff(),
    json: meetingBody(
      clock.now(),
      { kind: 'deliberation', title: '板凳议事', agenda: [{ title: '充电桩选址' }] },
      2,
    ),
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const url = `${base}/${id}`;
  expect((await t.request(`${url}/notice`, { token: await staff(), method: 'POST' })).status).toBe(
    200,
  );
  const poster = await t.request(`${url}/check-in`, { token: await staff() });
  const { code, svg } = (await poster.json()) as { code: string; svg: string };
  expect(svg).toContain('<svg');

  const holderA = roster.holderKeys.get('a')!;
  const ownerA = await t.ownerTokenFor({ holderKey: holderA, communityId });
  const checkIn = (token: string, body: unknown) =>
    t.request(`/owner/meetings/${id}/check-in`, { token, json: body });
  const list = async () =>
    (await (await t.request(`${url}/attendance`, { token: await staff() })).json()) as StaffList;

  // Two days early: sign-in opens on the meeting's day.
  expect((await checkIn(ownerA, { code })).status).toBe(409);
  clock.advance(2 * 86_400_000);
  try {
    const wrong = await checkIn(await t.ownerTokenFor({ holderKey: holderA, communityId }), {
      code: 'WRONGCODE',
    });
    expect(wrong.status).toBe(403);
    expect((await list()).summary.attendees).toBe(0);

    const token = await t.ownerTokenFor({ holderKey: holderA, communityId });
    const [first, second] = await Promise.all([
      checkIn(token, { code: code.toLowerCase() }),
      checkIn(token, { code }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    const byStaff = await t.request(`${url}/attendance`, {
      token: await staff(),
      json: { unit: { building: '2', entrance: '1', room: '101' } },
    });
    expect(byStaff.status).toBe(200);
    expect((await byStaff.json()) as Recorded).toMatchObject({
      holderKey: holderA,
      created: false,
      method: 'qr',
      area: '170.00',
    });

    clock.advance(60_000);
    const proxy = await t.request(`${url}/attendance`, {
      token: await staff(),
      json: { holderKey: roster.holderKeys.get('b'), proxyReference: '委托书 2026-017' },
    });
    expect(proxy.status).toBe(201);

    const stranger = await t.ownerTokenFor({ holderKey: 'x', communityId: randomUUID() });
    expect((await checkIn(stranger, { code })).status).toBe(404);
    const noUnits = await t.ownerTokenFor({ holderKey: randomUUID(), communityId });
    expect((await checkIn(noUnits, { code })).status).toBe(404);

    // A re-issued link voids the older one, at the door and on the owner's phone.
    const holderB = roster.holderKeys.get('b')!;
    const holderId = randomUUID();
    await t.project([
      ownerLinkRevoked.create({
        communityId,
        aggregateId: holderId,
        payload: { holderId, holderKey: holderB, version: 2 },
      }),
    ]);
    const oldLink = await t.ownerTokenFor({ holderKey: holderB, communityId, holderId, ver: 1 });
    expect((await checkIn(oldLink, { code })).status).toBe(401);
    const scanned = await t.request(`${url}/attendance`, {
      token: await staff(),
      json: { ownerToken: oldLink },
    });
    expect(scanned.status).toBe(400);
    const newLink = await t.ownerTokenFor({ holderKey: holderB, communityId, holderId, ver: 2 });
    const again = await checkIn(newLink, { code });
    expect(again.status).toBe(200);
    expect(((await again.json()) as Recorded).created).toBe(false);

    const all = await list();
    expect(all.summary).toMatchObject({ attendees: 2, proxies: 1, area: '250.00' });
    expect(all.items.map((i) => [i.method, i.proxyReference])).toEqual([
      ['qr', null],
      ['staff', '委托书 2026-017'],
    ]);

    const page = await (await t.request(`/public/meetings/${id}`)).text();
    expect(page).toContain('"room":"101"');
    expect(page).not.toContain(holderA);
    expect(page).not.toContain('委托书');
  } finally {
    clock.set(new Date('2026-03-01T02:00:00.000Z'));
  }
});
