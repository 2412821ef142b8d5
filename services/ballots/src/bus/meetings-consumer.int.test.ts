import '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { StaffClaims } from '@yishi/auth';
import { withRolesInEachCommunity } from '@yishi/auth/testing';
import { ensureStream, outbox } from '@yishi/bus';
import {
  assemblyBallotRequested,
  ballotCancelled,
  type MeetingKind,
  meetingCancelled,
  streams,
} from '@yishi/contracts';
import { isAppError } from '@yishi/errors';
import { connectTestNats, uniqueName, waitFor } from '@yishi/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftBallot } from '../ballots/draft-ballot.ts';
import { runLifecycle } from '../ballots/lifecycle.ts';
import { draftBallotBodySchema } from '../ballots/schemas.ts';
import { testCommunity } from '../ballots/test-community.ts';
import { auditEntries, ballotMatters, ballots } from '../db/schema/index.ts';
import {
  committeeOf,
  draftBody,
  manualClock,
  startTestBallots,
  type TestBallots,
} from '../test-support.ts';
import {
  applyBallotRequest,
  applyMeetingCancelled,
  assemblyBallotId,
  startMeetingsConsumer,
} from './meetings-consumer.ts';

const clock = manualClock();
let t: TestBallots;
beforeAll(async () => {
  t = await startTestBallots({ now: clock.now });
});
afterAll(() => t?.close());

const DAY = 86_400_000;

describe('draftBallot under chosen ids', () => {
  it('stores the ballot and each question under the ids given, candidates included', async () => {
    const c = await testCommunity(t);
    const staff = withRolesInEachCommunity(committeeOf(c.communityId)) as StaffClaims;
    const input = draftBallotBodySchema.parse(
      draftBody(new Date(clock.now().getTime() + DAY), {
        matters: [
          { item: 5, title: '使用维修资金' },
          {
            kind: 'election',
            title: '选举委员',
            seats: 1,
            candidates: [{ name: '甲' }, { name: '乙' }],
          },
        ],
      }),
    );
    const ids = { ballot: randomUUID(), matters: [randomUUID(), randomUUID(), randomUUID()] };
    const view = await draftBallot(t.deps, { staff, communityId: c.communityId, input, ids });
    expect(view.id).toBe(ids.ballot);
    expect(view.matters.map((m) => m.id)).toEqual(ids.matters);
    expect(view.elections[0]?.candidates.map((x) => x.matterId)).toEqual(ids.matters.slice(1));
  });

  it('refuses a list of matter ids that does not fit the questions, and stores nothing', async () => {
    const c = await testCommunity(t);
    const staff = withRolesInEachCommunity(committeeOf(c.communityId)) as StaffClaims;
    const input = draftBallotBodySchema.parse(
      draftBody(new Date(clock.now().getTime() + DAY), {}, { matters: 2 }),
    );
    const ballot = randomUUID();
    for (const matters of [[randomUUID()], [randomUUID(), randomUUID(), randomUUID()]]) {
      const error = await draftBallot(t.deps, {
        staff,
        communityId: c.communityId,
        input,
        ids: { ballot, matters },
      }).catch((e: unknown) => e);
      expect(isAppError(error, 'validation_failed')).toBe(true);
    }
    expect(await t.deps.db.$count(ballots, eq(ballots.id, ballot))).toBe(0);
  });
});

describe('a written assembly asks for its ballot', () => {
  it('drafts it under the fixed ids once, however often the request comes', async () => {
    const c = await testCommunity(t);
    const opensAt = new Date(clock.now().getTime() + 20 * DAY);
    const matters = [5, 8].map((item, i) => ({
      agendaItemId: randomUUID(),
      matterId: randomUUID(),
      position: i + 1,
      item,
      title: `议题${i + 1}`,
      body: '',
      proposalId: null,
    }));
    const event = assemblyBallotRequested.create(
      {
        communityId: c.communityId,
        aggregateId: randomUUID(),
        payload: {
          meetingId: randomUUID(),
          ballotId: randomUUID(),
          title: '业主大会（书面）',
          description: '',
          noticeGivenAt: clock.now().toISOString(),
          window: {
            opensAt: opensAt.toISOString(),
            closesAt: new Date(opensAt.getTime() + 14 * DAY).toISOString(),
          },
          scope: { kind: 'estate' },
          requestedBy: randomUUID(),
          matters,
        },
      },
      { now: clock.now, newId: randomUUID },
    );
    for (let i = 0; i < 3; i++) {
      await t.deps.db.transaction((tx) => applyBallotRequest(tx, t.deps, event));
    }
    const ballotId = event.payload.ballotId;
    const stored = await t.deps.db
      .select()
      .from(ballotMatters)
      .where(eq(ballotMatters.ballotId, ballotId));
    expect(stored.map((m) => [m.id, m.item]).sort()).toEqual(
      matters.map((m) => [m.matterId, m.item]).sort(),
    );
    expect(await t.deps.db.$count(auditEntries, eq(auditEntries.ballotId, ballotId))).toBe(1);
    const [row] = await t.deps.db.select().from(ballots).where(eq(ballots.id, ballotId));
    expect(row?.createdBy).toBe(`staff:${event.payload.requestedBy}`);
  });
  it('keeps the fixed ids when the committee edits the draft, so the meeting still follows it', async () => {
    const c = await testCommunity(t);
    const opensAt = new Date(clock.now().getTime() + 20 * DAY);
    const matterId = randomUUID();
    const event = assemblyBallotRequested.create(
      {
        communityId: c.communityId,
        aggregateId: randomUUID(),
        payload: {
          meetingId: randomUUID(),
          ballotId: randomUUID(),
          title: '业主大会（书面）',
          description: '',
          noticeGivenAt: clock.now().toISOString(),
          window: {
            opensAt: opensAt.toISOString(),
            closesAt: new Date(opensAt.getTime() + 14 * DAY).toISOString(),
          },
          scope: { kind: 'estate' },
          requestedBy: randomUUID(),
          matters: [
            {
              agendaItemId: randomUUID(),
              matterId,
              position: 1,
              item: 5,
              title: '使用维修资金更换消防门',
              body: '',
              proposalId: null,
            },
          ],
        },
      },
      { now: clock.now, newId: randomUUID },
    );
    await t.deps.db.transaction((tx) => applyBallotRequest(tx, t.deps, event));
    const edited = await t.request(`${c.base}/${event.payload.ballotId}`, {
      token: c.token,
      method: 'PATCH',
      json: {
        matters: [
          { item: 5, title: '使用维修资金更换全部楼栋消防门', body: '预算38.6万元' },
          { item: 9, title: '其他事项' },
        ],
      },
    });
    expect(edited.status).toBe(200);
    const view = (await edited.json()) as { matters: { id: string; title: string }[] };
    expect(view.matters[0]).toMatchObject({
      id: matterId,
      title: '使用维修资金更换全部楼栋消防门',
    });
    expect(view.matters[1]?.id).not.toBe(matterId);
  });
});

/** A written assembly's ballot request as meetings publishes it, under meetings' fixed ballot id. */
function requestFor(communityId: string, meetingId = randomUUID()) {
  const opensAt = new Date(clock.now().getTime() + 20 * DAY);
  return assemblyBallotRequested.create(
    {
      communityId,
      aggregateId: meetingId,
      payload: {
        meetingId,
        ballotId: assemblyBallotId(meetingId),
        title: '业主大会（书面）',
        description: '',
        noticeGivenAt: clock.now().toISOString(),
        window: {
          opensAt: opensAt.toISOString(),
          closesAt: new Date(opensAt.getTime() + 14 * DAY).toISOString(),
        },
        scope: { kind: 'estate' },
        requestedBy: randomUUID(),
        matters: [
          {
            agendaItemId: randomUUID(),
            matterId: randomUUID(),
            position: 1,
            item: 5,
            title: '使用维修资金更换消防门',
            body: '',
            proposalId: null,
          },
        ],
      },
    },
    { now: clock.now, newId: randomUUID },
  );
}

function cancellationOf(
  communityId: string,
  meetingId: string,
  reason = '业委会决定改期召开',
  kind: MeetingKind = 'owners_assembly',
) {
  return meetingCancelled.create(
    {
      communityId,
      aggregateId: meetingId,
      payload: { meetingId, kind, reason, noticeWasPublished: true, proposalIds: [] },
    },
    { now: clock.now, newId: randomUUID },
  );
}

const ballotRow = async (id: string) =>
  (await t.deps.db.select().from(ballots).where(eq(ballots.id, id)))[0];
const auditActions = async (id: string) =>
  (
    await t.deps.db
      .select({ action: auditEntries.action, actor: auditEntries.actor })
      .from(auditEntries)
      .where(eq(auditEntries.ballotId, id))
      .orderBy(auditEntries.seq)
  ).map((a) => `${a.action} ${a.actor}`);
const cancelledEvents = async (id: string) =>
  t.deps.db
    .select({ payload: outbox.payload })
    .from(outbox)
    .where(and(eq(outbox.type, ballotCancelled.type), eq(outbox.aggregateId, id)));

describe('a written assembly is cancelled', () => {
  it('cancels its draft ballot with the meeting’s reason once, however often the event comes', async () => {
    const c = await testCommunity(t);
    const request = requestFor(c.communityId);
    await t.deps.db.transaction((tx) => applyBallotRequest(tx, t.deps, request));
    const ballotId = request.payload.ballotId;
    const cancellation = cancellationOf(c.communityId, request.payload.meetingId);
    const outcomes = [];
    for (let i = 0; i < 3; i++) {
      outcomes.push(
        await t.deps.db.transaction((tx) => applyMeetingCancelled(tx, t.deps, cancellation)),
      );
    }
    expect(outcomes).toEqual(['cancelled', 'already_cancelled', 'already_cancelled']);
    expect(await ballotRow(ballotId)).toMatchObject({
      status: 'cancelled',
      cancelledFrom: 'draft',
      cancelReason: '业委会决定改期召开',
    });
    expect(await auditActions(ballotId)).toEqual([
      `ballot.drafted staff:${request.payload.requestedBy}`,
      'ballot.cancelled system:meetings',
    ]);
    expect((await cancelledEvents(ballotId)).map((e) => e.payload)).toEqual([
      { ballotId, reason: '业委会决定改期召开' },
    ]);
    // A request redelivered after the cancellation finds the ballot and drafts nothing new.
    await t.deps.db.transaction((tx) => applyBallotRequest(tx, t.deps, request));
    expect((await ballotRow(ballotId))?.status).toBe('cancelled');
  });

  it('drafts nothing for a request that arrives after its assembly was cancelled', async () => {
    const c = await testCommunity(t);
    const request = requestFor(c.communityId);
    const { ballotId, meetingId } = request.payload;
    // Meetings' relay may publish the request late (a row that failed once goes behind fresh ones).
    const cancellation = cancellationOf(c.communityId, meetingId);
    expect(
      await t.deps.db.transaction((tx) => applyMeetingCancelled(tx, t.deps, cancellation)),
    ).toBe('no_ballot');
    for (let i = 0; i < 2; i++) {
      expect(await t.deps.db.transaction((tx) => applyBallotRequest(tx, t.deps, request))).toBe(
        'assembly_cancelled',
      );
    }
    expect(await ballotRow(ballotId)).toBeUndefined();
    expect(await auditActions(ballotId)).toEqual([]);
    // The same cancellation in another community leaves this community's requests alone.
    const other = await testCommunity(t);
    const elsewhere = requestFor(other.communityId);
    await t.deps.db.transaction((tx) =>
      applyMeetingCancelled(tx, t.deps, cancellationOf(c.communityId, elsewhere.payload.meetingId)),
    );
    expect(await t.deps.db.transaction((tx) => applyBallotRequest(tx, t.deps, elsewhere))).toBe(
      'drafted',
    );
  });

  it('cancels an open ballot, and keeps a closed one', async () => {
    const c = await testCommunity(t);
    const open = requestFor(c.communityId);
    const closed = requestFor(c.communityId);
    for (const r of [open, closed]) {
      await t.deps.db.transaction((tx) => applyBallotRequest(tx, t.deps, r));
      await runLifecycle(t.deps, {
        actor: { system: 'demo' },
        communityId: c.communityId,
        ballotId: r.payload.ballotId,
        command: { type: 'open' },
      });
    }
    const start = clock.now();
    clock.set(new Date(closed.payload.window.closesAt));
    await runLifecycle(t.deps, {
      actor: { system: 'scheduler' },
      communityId: c.communityId,
      ballotId: closed.payload.ballotId,
      command: { type: 'close' },
    });
    clock.set(start);
    const cancel = (r: typeof open) =>
      t.deps.db.transaction((tx) =>
        applyMeetingCancelled(tx, t.deps, cancellationOf(c.communityId, r.payload.meetingId)),
      );
    expect(await cancel(open)).toBe('cancelled');
    expect(await ballotRow(open.payload.ballotId)).toMatchObject({
      status: 'cancelled',
      cancelledFrom: 'open',
    });
    expect(await cancel(closed)).toBe('kept_closed');
    expect((await ballotRow(closed.payload.ballotId))?.status).toBe('closed');
    expect(await cancelledEvents(closed.payload.ballotId)).toEqual([]);
    expect((await auditActions(closed.payload.ballotId)).at(-1)).toMatch(/^ballot.closed /);
  });

  it('leaves other meetings, other communities’ ballots and unknown meetings alone', async () => {
    const c = await testCommunity(t);
    const other = await testCommunity(t);
    const request = requestFor(c.communityId);
    await t.deps.db.transaction((tx) => applyBallotRequest(tx, t.deps, request));
    const { meetingId, ballotId } = request.payload;
    for (const event of [
      cancellationOf(c.communityId, meetingId, '改期', 'committee'),
      cancellationOf(other.communityId, meetingId),
      cancellationOf(c.communityId, randomUUID()),
    ]) {
      expect(await t.deps.db.transaction((tx) => applyMeetingCancelled(tx, t.deps, event))).toBe(
        'no_ballot',
      );
    }
    expect((await ballotRow(ballotId))?.status).toBe('draft');
  });

  it('follows the cancellation on the MEETINGS stream through the durable consumer', async () => {
    const nc = await connectTestNats();
    try {
      await ensureStream(await jetstreamManager(nc), streams.meetings);
      const js = jetstream(nc);
      const c = await testCommunity(t);
      const request = requestFor(c.communityId);
      const cancellation = cancellationOf(c.communityId, request.payload.meetingId);
      // The cancellation is published twice (a redelivery under the same event id).
      for (const event of [request, cancellation, cancellation]) {
        await js.publish(`${event.type}.v${event.version}`, JSON.stringify(event));
      }
      // The durable of an earlier release, filtered to ballot requests only, is retired; the new
      // one replays the stream.
      const old = uniqueName('ballots_meetings_requests');
      const durable = uniqueName('ballots_meetings');
      const jsm = await jetstreamManager(nc);
      await jsm.consumers.add('MEETINGS', {
        durable_name: old,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: `${assemblyBallotRequested.type}.v1`,
      });
      const consumer = await startMeetingsConsumer({
        deps: t.deps,
        js,
        stream: streams.meetings.name,
        durable,
        retire: [old],
      });
      try {
        await waitFor(async () => {
          const info = await jsm.consumers.info('MEETINGS', durable);
          const done = info.num_pending === 0 && info.num_ack_pending === 0;
          return (
            (done && (await ballotRow(request.payload.ballotId))?.status === 'cancelled') ||
            undefined
          );
        });
      } finally {
        await consumer.stop();
      }
      const ballotId = request.payload.ballotId;
      expect((await ballotRow(ballotId))?.status).toBe('cancelled');
      expect(await cancelledEvents(ballotId)).toHaveLength(1);
      const names = [];
      for await (const info of jsm.consumers.list('MEETINGS')) names.push(info.name);
      expect(names).not.toContain(old);
    } finally {
      await nc.close();
    }
  });
});
