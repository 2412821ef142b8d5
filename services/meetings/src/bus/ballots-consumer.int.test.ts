import { randomUUID } from 'node:crypto';
import { rosterEvents } from '@yishi/ballots/src/test-support.ts';
import { outbox } from '@yishi/bus';
import { agendaItemDecided, resultCertified, resultPublished } from '@yishi/contracts';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  committeeOf,
  manualClock,
  meetingBody,
  startTestMeetings,
  type TestMeetings,
} from '../test-support.ts';
import { applyBallotResult } from './ballots-consumer.ts';

const DAY = 86_400_000;
const clock = manualClock(new Date('2026-03-01T02:00:00.000Z'));
let t: TestMeetings;
beforeAll(async () => {
  t = await startTestMeetings({ now: clock.now });
});
afterAll(async () => {
  await t?.close();
});

type Meeting = {
  id: string;
  status: string;
  ballotId: string;
  agenda: {
    id: string;
    matterId: string | null;
    decision: { outcome: string; source: string } | null;
  }[];
};

/** A written assembly with two decision items whose notice (and ballot request) went out. */
async function writtenAssembly() {
  const communityId = randomUUID();
  await t.project(
    rosterEvents(communityId, [
      { building: '1', room: '101', area: '100.00', owner: 'a' },
      { building: '1', room: '102', area: '80.00', owner: 'b' },
    ]).events,
  );
  const token = await t.tokenFor(committeeOf(communityId));
  const base = `/communities/${communityId}/meetings`;
  const startsAt = new Date(clock.now().getTime() + 20 * DAY);
  const created = await t.request(base, {
    token,
    json: meetingBody(clock.now(), {
      form: 'in_writing',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 14 * DAY).toISOString(),
      agenda: [
        { title: '使用维修资金更换消防门', item: 5 },
        { title: '地下车库改建充电车位', item: 8 },
      ],
    }),
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as Meeting;
  const noticed = await t.request(`${base}/${id}/notice`, { token, method: 'POST' });
  expect(noticed.status).toBe(200);
  const meeting = (await noticed.json()) as Meeting;
  const [fund, garage] = meeting.agenda.map((a) => a.matterId!);
  const certified = (certification: number | undefined, passed: [boolean, boolean]) =>
    resultCertified.create(
      {
        communityId,
        aggregateId: meeting.ballotId,
        payload: {
          ballotId: meeting.ballotId,
          snapshotHash: 'h',
          voteDigest: `d${certification}`,
          ...(certification === undefined ? {} : { certification }),
          matters: [fund!, garage!].map((matterId, i) => ({
            matterId,
            item: i === 0 ? 5 : 8,
            passed: passed[i]!,
            quorumMet: true,
            approvalMet: passed[i]!,
          })),
        },
      },
      { now: clock.now, newId: randomUUID },
    );
  const published = resultPublished.create(
    {
      communityId,
      aggregateId: meeting.ballotId,
      payload: {
        ballotId: meeting.ballotId,
        from: clock.now().toISOString(),
        until: new Date(clock.now().getTime() + 15 * DAY).toISOString(),
      },
    },
    { now: clock.now, newId: randomUUID },
  );
  const apply = (event: ReturnType<typeof certified> | typeof published) =>
    t.deps.db.transaction((tx) => applyBallotResult(tx, t.deps, event));
  const staffView = async () =>
    (await (
      await t.request(`${base}/${id}`, { token: await t.tokenFor(committeeOf(communityId)) })
    ).json()) as Meeting;
  const publicView = async () =>
    (await (await t.request(`/public/meetings/${id}`)).json()) as Meeting;
  const decidedEvents = async () =>
    (
      await t.deps.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.aggregateId, id), eq(outbox.type, agendaItemDecided.type)))
    ).map((row) => row.payload as { agendaItemId: string; outcome: string });
  return {
    communityId,
    meeting,
    base,
    token,
    certified,
    published,
    apply,
    staffView,
    publicView,
    decidedEvents,
  };
}

describe('a written assembly follows its ballot result', () => {
  it('takes a later certification of the result, and never an older one', async () => {
    const w = await writtenAssembly();
    const [fund, garage] = w.meeting.agenda;
    const first = w.certified(1, [false, false]);
    await w.apply(first);
    expect((await w.staffView()).agenda.map((a) => a.decision?.outcome)).toEqual([
      'not_decided',
      'not_decided',
    ]);

    // A paper ballot collected before the close was entered after it: certification 2.
    const second = w.certified(2, [true, false]);
    await w.apply(second);
    const view = await w.staffView();
    expect(view.status).toBe('held');
    expect(view.agenda.map((a) => a.decision?.outcome)).toEqual(['decided', 'not_decided']);
    // One event per decision, and one more for the item whose outcome changed.
    expect((await w.decidedEvents()).map((e) => [e.agendaItemId, e.outcome]).sort()).toEqual(
      [
        [fund!.id, 'not_decided'],
        [garage!.id, 'not_decided'],
        [fund!.id, 'decided'],
      ].sort(),
    );

    // Redelivered, or arriving late: an older or the same certification changes nothing.
    await w.apply(first);
    await w.apply(second);
    expect((await w.staffView()).agenda.map((a) => a.decision?.outcome)).toEqual([
      'decided',
      'not_decided',
    ]);
    expect(await w.decidedEvents()).toHaveLength(3);
  });

  it('shows owners a ballot decision only once the ballot result is published', async () => {
    const w = await writtenAssembly();
    await w.apply(w.certified(1, [true, false]));
    expect((await w.staffView()).agenda.map((a) => a.decision?.outcome)).toEqual([
      'decided',
      'not_decided',
    ]);
    expect((await w.publicView()).agenda.map((a) => a.decision)).toEqual([null, null]);
    await w.apply(w.published);
    expect((await w.publicView()).agenda.map((a) => a.decision?.outcome)).toEqual([
      'decided',
      'not_decided',
    ]);
    // Published: a certification arriving now changes nothing.
    await w.apply(w.certified(2, [false, true]));
    expect((await w.publicView()).agenda.map((a) => a.decision?.outcome)).toEqual([
      'decided',
      'not_decided',
    ]);
  });

  it('leaves its Art. 278 items to the ballot: the minutes cannot decide them', async () => {
    const w = await writtenAssembly();
    const url = `${w.base}/${w.meeting.id}`;
    const [fund] = w.meeting.agenda;
    // Voting closed; the committee records the assembly held before the result arrives.
    clock.advance(35 * DAY);
    const token = await t.tokenFor(committeeOf(w.communityId));
    expect((await t.request(`${url}/hold`, { token, method: 'POST' })).status).toBe(200);
    const minutes = (decision: Record<string, unknown>) =>
      t.request(`${url}/minutes`, {
        token,
        method: 'PUT',
        json: { text: '书面表决已截止', decisions: [{ agendaItemId: fund!.id, ...decision }] },
      });
    const refused = await minutes({ text: '通过', outcome: 'decided' });
    expect(refused.status).toBe(400);
    expect((await w.staffView()).agenda[0]?.decision).toBeNull();
    expect((await minutes({ text: '待表决结果' })).status).toBe(200);

    await w.apply(w.certified(1, [false, true]));
    const view = await w.staffView();
    expect(view.agenda.map((a) => [a.decision?.outcome, a.decision?.source])).toEqual([
      ['not_decided', 'ballot'],
      ['decided', 'ballot'],
    ]);
  });
});

describe('the agenda of an assembly in writing', () => {
  it('refuses more decision items than one ballot holds (20), creating nothing', async () => {
    const communityId = randomUUID();
    const token = await t.tokenFor(committeeOf(communityId));
    const base = `/communities/${communityId}/meetings`;
    const agenda = Array.from({ length: 21 }, (_, i) => ({ title: `议题${i + 1}`, item: 9 }));
    const res = await t.request(base, {
      token,
      json: meetingBody(clock.now(), { form: 'in_writing', agenda }),
    });
    expect(res.status).toBe(400);
    const list = await t.request(base, { token });
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
    const ok = await t.request(base, {
      token,
      json: meetingBody(clock.now(), { form: 'in_writing', agenda: agenda.slice(1) }),
    });
    expect(ok.status).toBe(201);
  });
});
