/**
 * A written owners' assembly across two real services through the real NATS: meetings asks for
 * its ballot, the ballots service drafts exactly one (also when the request comes again), the
 * committee opens it, owners vote on paper, the close certifies the result, and meetings marks
 * its agenda items decided by itself.
 */
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { closeDueBallots } from '@yishi/ballots/src/ballots/scheduler.ts';
import { startMeetingsConsumer } from '@yishi/ballots/src/bus/meetings-consumer.ts';
import { ballots as ballotsTable } from '@yishi/ballots/src/db/schema/index.ts';
import {
  rosterEvents,
  startTestBallots,
  type TestBallots,
} from '@yishi/ballots/src/test-support.ts';
import { ensureStream, outbox, type Relay, type RunningConsumer, startRelay } from '@yishi/bus';
import { assemblyBallotRequested, streams } from '@yishi/contracts';
import { connectTestNats, uniqueName, waitFor } from '@yishi/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assemblyBallotId, assemblyMatterId } from '../domain/ids.ts';
import {
  committeeOf,
  manualClock,
  meetingBody,
  startTestMeetings,
  type TestMeetings,
} from '../test-support.ts';
import { startBallotsConsumer } from './ballots-consumer.ts';

const DAY = 86_400_000;
const clock = manualClock(new Date('2026-03-01T02:00:00.000Z'));
let nc: NatsConnection;
let meetings: TestMeetings;
let ballots: TestBallots;
const running: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  nc = await connectTestNats();
  const jsm = await jetstreamManager(nc);
  await ensureStream(jsm, streams.meetings);
  await ensureStream(jsm, streams.ballots);
  meetings = await startTestMeetings({ now: clock.now });
  ballots = await startTestBallots({ now: clock.now });
});
afterAll(async () => {
  for (const r of running.reverse()) await r.stop();
  await meetings?.close();
  await ballots?.close();
  await nc?.close();
});

type Meeting = {
  id: string;
  status: string;
  ballotId: string | null;
  agenda: {
    id: string;
    item: number | null;
    matterId: string | null;
    decision: { outcome: string; source: string } | null;
  }[];
};

it('drafts one ballot per written assembly, even when the request is redelivered, and follows its certified result', async () => {
  const js = jetstream(nc);
  const relays: Relay[] = [
    startRelay({ db: meetings.deps.db, js, pollIntervalMs: 50 }),
    startRelay({ db: ballots.deps.db, js, pollIntervalMs: 50 }),
  ];
  running.push(...relays);
  const requests = uniqueName('ballots_meetings');
  const consumers: RunningConsumer[] = [
    await startMeetingsConsumer({ deps: ballots.deps, js, stream: 'MEETINGS', durable: requests }),
    await startBallotsConsumer({
      deps: meetings.deps,
      js,
      stream: 'BALLOTS',
      durable: uniqueName('meetings_results'),
    }),
  ];
  running.push(...consumers);

  const communityId = randomUUID();
  const roster = rosterEvents(communityId, [
    { building: '1', room: '101', area: '100.00', owner: 'a' },
    { building: '1', room: '102', area: '80.00', owner: 'b' },
    { building: '2', room: '101', area: '70.00', owner: 'a' },
    { building: '2', room: '201', area: '90.00', owner: 'c' },
  ]);
  await meetings.project(roster.events);
  await ballots.project(roster.events);
  const staff = committeeOf(communityId);
  const base = `/communities/${communityId}/meetings`;
  const startsAt = new Date(clock.now().getTime() + 20 * DAY);
  const endsAt = new Date(startsAt.getTime() + 14 * DAY);
  const created = await meetings.request(base, {
    token: await meetings.tokenFor(staff),
    json: meetingBody(clock.now(), {
      form: 'in_writing',
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      agenda: [
        { title: '使用维修资金更换消防门', description: '预算38.6万元', item: 5 },
        { title: '物业服务情况通报' },
        { title: '地下车库改建充电车位', description: '改变共有部分用途', item: 8 },
      ],
    }),
  });
  expect(created.status).toBe(201);
  const { id: meetingId } = (await created.json()) as Meeting;
  const noticed = await meetings.request(`${base}/${meetingId}/notice`, {
    token: await meetings.tokenFor(staff),
    method: 'POST',
  });
  expect(noticed.status).toBe(200);
  const meeting = (await noticed.json()) as Meeting;
  const ballotId = assemblyBallotId(meetingId);
  expect(meeting.ballotId).toBe(ballotId);
  const decisionItems = meeting.agenda.filter((a) => a.item !== null);
  expect(decisionItems.map((a) => a.matterId)).toEqual(
    decisionItems.map((a) => assemblyMatterId(meetingId, a.id)),
  );

  // The ballots service drafts it under the ids meetings fixed.
  const ballotsBase = `/communities/${communityId}/ballots`;
  const ballotsToken = () => ballots.tokenFor(staff);
  const draft = await waitFor(
    async () => {
      const res = await ballots.request(`${ballotsBase}/${ballotId}`, {
        token: await ballotsToken(),
      });
      return res.status === 200
        ? ((await res.json()) as {
            status: string;
            matters: { id: string; item: number }[];
            noticeGivenAt: string;
          })
        : undefined;
    },
    { message: 'the draft ballot' },
  );
  expect(draft.status).toBe('draft');
  expect(draft.matters.map((m) => [m.id, m.item])).toEqual(
    decisionItems.map((a) => [a.matterId, a.item]),
  );

  // The same request again: twice as a redelivery of the same event, once as a new event.
  const [row] = await meetings.deps.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.aggregateId, meetingId), eq(outbox.type, assemblyBallotRequested.type)));
  const event = {
    id: row!.id,
    type: row!.type,
    version: row!.version,
    occurredAt: row!.occurredAt.toISOString(),
    communityId: row!.communityId,
    aggregateId: row!.aggregateId,
    payload: row!.payload,
  };
  for (const copy of [event, event, { ...event, id: randomUUID() }]) {
    await js.publish(assemblyBallotRequested.subject, JSON.stringify(copy));
  }
  const jsm = await jetstreamManager(nc);
  await waitFor(
    async () => {
      const info = await jsm.consumers.info('MEETINGS', requests);
      return info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.stream_seq >= 4
        ? true
        : undefined;
    },
    { message: 'every request to be handled' },
  );
  expect(
    await ballots.deps.db.$count(ballotsTable, eq(ballotsTable.communityId, communityId)),
  ).toBe(1);

  // The committee opens it; three owners vote on paper; the close certifies the result.
  clock.set(new Date(startsAt.getTime() + 60_000));
  const opened = await ballots.request(`${ballotsBase}/${ballotId}/open`, {
    token: await ballotsToken(),
    method: 'POST',
  });
  expect(opened.status, await opened.clone().text()).toBe(200);
  const [fund, garage] = decisionItems.map((a) => a.matterId!);
  const votes: [string, 'agree' | 'oppose'][] = [
    ['a', 'agree'],
    ['b', 'oppose'],
    ['c', 'oppose'],
  ];
  for (const [owner, onGarage] of votes) {
    const res = await ballots.request(`${ballotsBase}/${ballotId}/paper-votes`, {
      token: await ballotsToken(),
      json: {
        holderKey: roster.holderKeys.get(owner),
        channel: 'paper',
        reference: `纸质表决票-${owner}`,
        choices: [
          { matterId: fund, choice: 'agree' },
          { matterId: garage, choice: onGarage },
        ],
      },
    });
    expect(res.status, await res.clone().text()).toBe(201);
  }
  clock.set(new Date(endsAt.getTime() + 60_000));
  expect(await closeDueBallots(ballots.deps)).toBe(1);

  const decided = await waitFor(
    async () => {
      const res = await meetings.request(`${base}/${meetingId}`, {
        token: await meetings.tokenFor(staff),
      });
      const m = (await res.json()) as Meeting;
      return m.status === 'held' ? m : undefined;
    },
    { message: 'the meeting to follow the result' },
  );
  expect(decided.agenda.map((a) => a.decision?.outcome ?? null)).toEqual([
    'decided',
    null,
    'not_decided',
  ]);
  expect(decided.agenda[0]!.decision?.source).toBe('ballot');
  expect(
    await meetings.deps.db.$count(
      outbox,
      and(eq(outbox.aggregateId, meetingId), eq(outbox.type, 'meetings.agenda_item.decided')),
    ),
  ).toBe(2);
});
