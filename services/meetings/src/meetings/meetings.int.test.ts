import { randomUUID } from 'node:crypto';
import { rosterEvents } from '@yishi/ballots/src/test-support.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  committeeOf,
  manualClock,
  meetingBody,
  startTestMeetings,
  type TestMeetings,
} from '../test-support.ts';

// 10:00 in Shanghai on 2026-03-01: the 15 full days are 03-02..03-16, the earliest date 03-17.
const clock = manualClock(new Date('2026-03-01T02:00:00.000Z'));
let t: TestMeetings;
beforeAll(async () => {
  t = await startTestMeetings({ now: clock.now });
});
afterAll(async () => {
  await t?.close();
});

async function community() {
  const communityId = randomUUID();
  const roster = rosterEvents(communityId, [
    { building: '1', room: '101', area: '100.00', owner: 'a' },
    { building: '1', room: '102', area: '80.00', owner: 'b' },
    { building: '2', room: '101', area: '70.00', owner: 'a' },
    { building: '2', room: '201', area: '90.00', owner: 'c' },
  ]);
  await t.project(roster.events);
  let token = await t.tokenFor(committeeOf(communityId));
  const base = `/communities/${communityId}/meetings`;
  const list = async () => {
    const res = await t.request(base, { token: await t.tokenFor(committeeOf(communityId)) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: { id: string; status: string }[] }).items;
  };
  return {
    communityId,
    roster,
    get token() {
      return token;
    },
    set token(value: string) {
      token = value;
    },
    base,
    list,
  };
}

type Meeting = {
  id: string;
  status: string;
  agenda: { id: string; item: number | null; decision: { outcome: string } | null }[];
};

describe("an owners' assembly", () => {
  it('refuses a date inside the 15-day notice period with the earliest valid date, creating nothing', async () => {
    const c = await community();
    const body = meetingBody(clock.now(), { startsAt: '2026-03-16T10:00:00+08:00', endsAt: null });
    const res = await t.request(c.base, { token: c.token, json: body });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as {
      error: { code: string; message: string; details: Record<string, unknown> };
    };
    expect(error.code).toBe('validation_failed');
    expect(error.details).toMatchObject({
      reason: 'notice_period_short',
      earliestDate: '2026-03-17',
      shortByDays: 1,
    });
    expect(error.message).toContain('2026-03-17');
    expect(await c.list()).toEqual([]);

    const onTime = await t.request(c.base, {
      token: c.token,
      json: { ...body, startsAt: '2026-03-17T09:00:00+08:00' },
    });
    expect(onTime.status).toBe(201);
  });

  it('refuses the notice once the date is too close, leaving the draft as it was', async () => {
    const c = await community();
    const created = await t.request(c.base, {
      token: c.token,
      json: meetingBody(clock.now(), { startsAt: '2026-03-17T09:00:00+08:00', endsAt: null }),
    });
    const meeting = (await created.json()) as Meeting;
    clock.advance(86_400_000);
    try {
      const res = await t.request(`${c.base}/${meeting.id}/notice`, {
        token: await t.tokenFor(committeeOf(c.communityId)),
        method: 'POST',
      });
      expect(res.status).toBe(409);
      const { error } = (await res.json()) as { error: { details: Record<string, unknown> } };
      expect(error.details).toMatchObject({
        reason: 'notice_period_short',
        earliestDate: '2026-03-18',
      });
      expect((await c.list())[0]).toMatchObject({ id: meeting.id, status: 'draft' });
    } finally {
      clock.advance(-86_400_000);
    }
  });

  it('decides an in-person item from its counted figures and refuses figures that contradict the outcome', async () => {
    const c = await community();
    const created = await t.request(c.base, { token: c.token, json: meetingBody(clock.now()) });
    expect(created.status).toBe(201);
    const meeting = (await created.json()) as Meeting;
    const url = `${c.base}/${meeting.id}`;
    expect((await t.request(`${url}/notice`, { token: c.token, method: 'POST' })).status).toBe(200);
    // Not before it starts.
    expect((await t.request(`${url}/hold`, { token: c.token, method: 'POST' })).status).toBe(409);
    clock.advance(21 * 86_400_000);
    c.token = await t.tokenFor(committeeOf(c.communityId));
    try {
      expect((await t.request(`${url}/hold`, { token: c.token, method: 'POST' })).status).toBe(200);
      const decisionItem = meeting.agenda.find((a) => a.item === 5)!;
      // The community holds 340.00 m² and 3 owner keys: 2 of 3 with 250.00 m² took part.
      const figures = {
        participatingArea: '250.00',
        participatingHeadcount: 2,
        agreeArea: '250.00',
        agreeHeadcount: 2,
      };
      const contradicting = await t.request(`${url}/minutes`, {
        token: c.token,
        method: 'PUT',
        json: {
          text: '会议纪要',
          decisions: [{ agendaItemId: decisionItem.id, outcome: 'not_decided', figures }],
        },
      });
      expect(contradicting.status).toBe(400);
      const unchanged = (await (await t.request(url, { token: c.token })).json()) as Meeting & {
        minutes: string | null;
      };
      expect(unchanged.minutes).toBeNull();
      expect(unchanged.agenda.every((a) => a.decision === null)).toBe(true);

      const written = await t.request(`${url}/minutes`, {
        token: c.token,
        method: 'PUT',
        json: { text: '会议纪要', decisions: [{ agendaItemId: decisionItem.id, figures }] },
      });
      expect(written.status).toBe(200);
      const after = (await written.json()) as Meeting;
      expect(after.agenda.find((a) => a.id === decisionItem.id)?.decision).toMatchObject({
        outcome: 'decided',
        source: 'minutes',
        figures: { totalArea: '340.00', totalHeadcount: 3, quorumMet: true, passed: true },
      });
      // Owners see no decision until the minutes are published.
      const before = (await (await t.request(`/public/meetings/${meeting.id}`)).json()) as Meeting;
      expect(before.agenda.every((a) => a.decision === null)).toBe(true);
      const published = await t.request(`${url}/minutes/publish`, {
        token: c.token,
        method: 'POST',
      });
      expect(published.status).toBe(200);
      const open = (await (await t.request(`/public/meetings/${meeting.id}`)).json()) as Meeting;
      expect(open.status).toBe('minutes_published');
      expect(open.agenda.find((a) => a.id === decisionItem.id)?.decision?.outcome).toBe('decided');
    } finally {
      clock.advance(-21 * 86_400_000);
    }
  });
});

describe('bad input', () => {
  it('changes nothing and says what is wrong', async () => {
    const c = await community();
    const cases: [Record<string, unknown>, string][] = [
      [meetingBody(clock.now(), { title: '' }), 'validation_failed'],
      [meetingBody(clock.now(), { kind: 'committee', form: 'in_writing' }), 'validation_failed'],
      [meetingBody(clock.now(), { kind: 'deliberation' }), 'validation_failed'],
      [meetingBody(clock.now(), { form: 'in_writing', endsAt: null }), 'validation_failed'],
      [meetingBody(clock.now(), { agenda: [{ title: '事项', item: 10 }] }), 'validation_failed'],
    ];
    for (const [body, code] of cases) {
      const res = await t.request(c.base, { token: c.token, json: body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    expect(await c.list()).toEqual([]);
    const other = await t.tokenFor(committeeOf(randomUUID()));
    const foreign = await t.request(c.base, { token: other, json: meetingBody(clock.now()) });
    expect(foreign.status).toBe(404);
    expect(await c.list()).toEqual([]);
  });

  it('refuses to cancel without a reason and to cancel a held meeting', async () => {
    const c = await community();
    const m = (await (
      await t.request(c.base, {
        token: c.token,
        json: meetingBody(clock.now(), { kind: 'committee', agenda: [{ title: '年度预算' }] }, 2),
      })
    ).json()) as Meeting;
    const url = `${c.base}/${m.id}`;
    expect(
      (await t.request(`${url}/cancel`, { token: c.token, json: { reason: ' ' } })).status,
    ).toBe(400);
    expect(
      (await t.request(url, { token: c.token }).then((r) => r.json())) as Meeting,
    ).toMatchObject({ status: 'draft' });
    const cancelled = await t.request(`${url}/cancel`, {
      token: c.token,
      json: { reason: '台风预警，改期' },
    });
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as Meeting).status).toBe('cancelled');
    expect((await t.request(`${url}/notice`, { token: c.token, method: 'POST' })).status).toBe(409);
  });
});
