/** Meeting notices and proposal notices, with a real webhook SMS gateway and the real NATS. */
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { deadLetters, inbox } from '@yishi/bus';
import {
  meetingCancelled,
  meetingNoticePublished,
  minutesPublished,
  proposalDecided,
  proposalThresholdReached,
  staffRecorded,
} from '@yishi/contracts';
import { uniqueName, waitFor } from '@yishi/testing';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { startMeetingsConsumer } from '../bus/meetings-consumer.ts';
import { deliveries, inboxMessages } from '../db/schema/index.ts';
import { useSmsTestbed } from '../sms-test-support.ts';
import { ballotFixture } from '../test-support.ts';

const env = useSmsTestbed();
const { clock, smsTo } = env;

let serial = 0;
/** A unique mainland mobile number per call. */
const phone = () => {
  serial += 1;
  return `139${String(process.pid % 1000).padStart(3, '0')}${String(serial).padStart(5, '0')}`;
};

/**
 * A community of five owner keys: 101 and 102 with a phone, 103 with no contact at all, 104
 * with a phone but asking for paper (opted out of SMS), 105 two co-owners (phone on the first).
 */
async function estate() {
  const phones = { a: phone(), b: phone(), d: phone(), e: phone() };
  const f = ballotFixture([
    { room: '101', phone: phones.a },
    { room: '102', phone: phones.b },
    { room: '103' },
    { room: '104', phone: phones.d },
    { room: '105', phone: phones.e, coOwners: 1 },
  ]);
  await env.t.apply(f.directory);
  const token = await env.t.committeeToken(f.communityId);
  const paper = f.holders[3]!;
  const res = await env.t.request(`/communities/${f.communityId}/owners/${paper.voterId}/contact`, {
    method: 'PUT',
    token,
    json: { preferredChannel: 'letter' },
  });
  expect(res.status).toBe(200);
  const english = f.holders[1]!;
  const en = await env.t.request(
    `/communities/${f.communityId}/owners/${english.voterId}/contact`,
    {
      method: 'PUT',
      token,
      json: { locale: 'en' },
    },
  );
  expect(en.status).toBe(200);
  return { ...f, phones, token };
}

type Estate = Awaited<ReturnType<typeof estate>>;

const notice = (
  e: Estate,
  over: { meetingId?: string; form?: 'in_person' | 'in_writing' } = {},
) => {
  const meetingId = over.meetingId ?? randomUUID();
  return meetingNoticePublished.create({
    communityId: e.communityId,
    aggregateId: meetingId,
    payload: {
      meetingId,
      kind: 'owners_assembly',
      form: over.form ?? 'in_person',
      title: '2026年第一次业主大会',
      startsAt: '2026-03-25T11:00:00.000Z',
      endsAt: '2026-03-25T14:00:00.000Z',
      place: '小区会所二楼',
      organiser: '业主委员会',
      noticePublishedAt: clock.now().toISOString(),
      agenda: [
        ['使用维修资金更换一至六号楼全部消防门及闭门器', 5],
        ['物业服务情况通报', null],
        ['地下车库改建充电车位', 8],
        ['修订管理规约', 3],
      ].map(([title, item], i) => ({
        agendaItemId: randomUUID(),
        position: i + 1,
        title: title as string,
        proposalId: null,
        item: item as number | null,
      })),
    },
  });
};

const rowsOf = (sourceId: string) =>
  env.t.deps.db.select().from(deliveries).where(eq(deliveries.sourceId, sourceId));

describe('meeting notices', () => {
  it('tells every owner once, even when the notice is redelivered, and lists who gets a letter', async () => {
    clock.set(new Date('2026-03-02T02:00:00.000Z'));
    const e = await estate();
    const event = notice(e);
    // A stream of this test's own, the notice published twice (past JetStream's de-duplication).
    const { prefix, stream } = await env.ownStream('meetings');
    const js = jetstream(env.nc);
    for (let i = 0; i < 2; i += 1) {
      await js.publish(`${prefix}.meeting.notice_published.v1`, JSON.stringify(event));
    }
    const durable = uniqueName('meeting_notices');
    const consumer = await startMeetingsConsumer({
      deps: env.t.deps,
      js,
      stream,
      durable,
      filterSubjects: [`${prefix}.>`],
    });
    try {
      await waitFor(
        async () => {
          const info = await (await jetstreamManager(env.nc)).consumers.info(stream, durable);
          if (info.num_pending > 0 || info.num_ack_pending > 0) return false;
          return (await env.t.deps.db.$count(inbox, eq(inbox.eventId, event.id))) === 1;
        },
        { message: 'the notice handled and both copies acknowledged' },
      );
    } finally {
      await consumer.stop();
    }
    await env.t.apply([event]);
    await env.t.dispatch();

    const [a, ...again] = smsTo(e.phones.a);
    expect(again).toHaveLength(0);
    expect(a!.kind).toBe('meeting_notice');
    expect(a!.text).toContain(
      '业主大会「2026年第一次业主大会」定于 2026年3月25日 19:00 在小区会所二楼召开',
    );
    expect(a!.text).toContain(
      '使用维修资金更换一至六…；物业服务情况通报；地下车库改建充电车位 等 4 项',
    );
    const meetingId = event.payload.meetingId;
    expect(a!.text).toContain(`https://yishi.example.cn/m/${meetingId}`);
    expect([...a!.text].length).toBeLessThan(180);
    const [b] = smsTo(e.phones.b);
    expect(b!.text).toContain("the owners' assembly");
    expect(b!.text).toContain('25 March 2026 at 19:00 (Beijing time)');
    // Both co-owners of 105 are owners; only the first has a phone.
    expect(smsTo(e.phones.e)).toHaveLength(1);
    // Paper was asked for: no SMS.
    expect(smsTo(e.phones.d)).toHaveLength(0);

    const rows = await rowsOf(event.id);
    expect(rows.filter((r) => r.medium === 'inbox')).toHaveLength(5);
    expect(rows.every((r) => r.meetingId === meetingId && !r.urgent)).toBe(true);
    const letters = await env.t.request(
      `/communities/${e.communityId}/meetings/${meetingId}/letters`,
      {
        token: e.token,
      },
    );
    expect(letters.status).toBe(200);
    const listed = ((await letters.json()) as { items: { units: string; messages: string[] }[] })
      .items;
    expect(listed.map((l) => [l.units, l.messages])).toEqual([
      ['1-1-103', ['meeting_notice']],
      ['1-1-104', ['meeting_notice']],
    ]);
    const box = await env.t.deps.db
      .select()
      .from(inboxMessages)
      .where(
        and(
          eq(inboxMessages.communityId, e.communityId),
          eq(inboxMessages.holderKey, e.holders[2]!.holderKey),
        ),
      );
    expect(box.map((m) => [m.kind, m.meetingId])).toEqual([['meeting_notice', meetingId]]);
  });

  it('waits for the roster when the notice overtakes it, then tells every owner', async () => {
    clock.set(new Date('2026-03-02T02:00:00.000Z'));
    const phoneA = phone();
    const f = ballotFixture([{ room: '101', phone: phoneA }, { room: '102' }]);
    const event = notice({ communityId: f.communityId } as Estate);
    const { prefix, stream } = await env.ownStream('meetings');
    const js = jetstream(env.nc);
    await js.publish(`${prefix}.meeting.notice_published.v1`, JSON.stringify(event));
    const durable = uniqueName('roster_wait');
    const consumer = await startMeetingsConsumer({
      deps: env.t.deps,
      js,
      stream,
      durable,
      filterSubjects: [`${prefix}.>`],
      // Retried every 500 ms here (12 deliveries), not after the real backoff's growing delays.
      backoff: () => 500,
    });
    try {
      // Tried and put back: nothing planned, nothing recorded as processed.
      await waitFor(
        async () => {
          const info = await (await jetstreamManager(env.nc)).consumers.info(stream, durable);
          return info.num_redelivered > 0 || info.delivered.consumer_seq > 1;
        },
        { message: 'the notice tried once' },
      );
      expect(await env.t.deps.db.$count(inbox, eq(inbox.eventId, event.id))).toBe(0);
      expect(await rowsOf(event.id)).toHaveLength(0);
      await env.t.apply(f.directory);
      await waitFor(async () => (await rowsOf(event.id)).length === 4, {
        message: 'the notice planned once the roster is there',
      });
    } finally {
      await consumer.stop();
    }
    await env.t.dispatch();
    expect(smsTo(phoneA).map((m) => m.kind)).toEqual(['meeting_notice']);
    const [dead] = await env.t.deps.db
      .select()
      .from(deadLetters)
      .where(eq(deadLetters.consumer, durable));
    expect(dead).toBeUndefined();
  });

  it('holds a notice published at night until 08:00, and sends the cancellation instead when the meeting is called off', async () => {
    clock.set(new Date('2026-03-02T14:30:00.000Z')); // 22:30 in Shanghai
    const e = await estate();
    const event = notice(e);
    await env.t.apply([event]);
    await env.t.dispatch();
    expect(smsTo(e.phones.a)).toHaveLength(0);
    const [held] = (await rowsOf(event.id)).filter((r) => r.medium === 'sms');
    expect(held!.nextAttemptAt.toISOString()).toBe('2026-03-03T00:00:00.000Z');

    clock.set(new Date('2026-03-02T15:00:00.000Z'));
    const cancelled = meetingCancelled.create({
      communityId: e.communityId,
      aggregateId: event.payload.meetingId,
      payload: {
        meetingId: event.payload.meetingId,
        kind: 'owners_assembly',
        reason: '会场装修，改期另行通知',
        noticeWasPublished: true,
        proposalIds: [],
      },
    });
    await env.t.apply([cancelled, cancelled]);
    clock.set(new Date('2026-03-03T00:00:00.000Z'));
    await env.t.dispatch();

    const sent = smsTo(e.phones.a);
    expect(sent.map((m) => m.kind)).toEqual(['meeting_cancelled']);
    expect(sent[0]!.text).toBe(
      `【幸福里】原定于 2026年3月25日 19:00 举行的业主大会「2026年第一次业主大会」已取消，原因：会场装修，改期另行通知。详情：https://yishi.example.cn/m/${event.payload.meetingId} 。`,
    );
    const noticeRows = await rowsOf(event.id);
    expect(noticeRows.filter((r) => r.medium === 'sms').map((r) => r.status)).toEqual(
      Array(3).fill('skipped'),
    );
    // The same five owner keys are told, on paper where they were.
    const cancelRows = await rowsOf(cancelled.id);
    expect(cancelRows.filter((r) => r.medium === 'inbox')).toHaveLength(5);
    expect(cancelRows.filter((r) => r.medium === 'letter')).toHaveLength(2);
  });

  it('tells owners the minutes and decisions are published, with the counts', async () => {
    clock.set(new Date('2026-03-30T02:00:00.000Z'));
    const e = await estate();
    const event = notice(e);
    const minutes = minutesPublished.create({
      communityId: e.communityId,
      aggregateId: event.payload.meetingId,
      payload: {
        meetingId: event.payload.meetingId,
        kind: 'owners_assembly',
        publishedAt: clock.now().toISOString(),
        decisions: event.payload.agenda.map((a, i) => ({
          agendaItemId: a.agendaItemId,
          proposalId: null,
          outcome: a.item === null ? null : i === 0 ? 'decided' : 'not_decided',
        })),
      },
    });
    await env.t.apply([event, minutes]);
    await env.t.dispatch();
    const sent = smsTo(e.phones.a);
    expect(sent.map((m) => m.kind).sort()).toEqual(['meeting_notice', 'minutes_published']);
    expect(sent.find((m) => m.kind === 'minutes_published')!.text).toContain(
      '业主大会「2026年第一次业主大会」的会议纪要及决定已公布：1 项已形成决定，2 项未形成决定。',
    );
  });
});

describe('proposal notices', () => {
  async function staffOf(e: Estate) {
    const staff = {
      admin: { id: randomUUID(), roles: ['committee_admin' as const], phone: phone() },
      secretary: { id: randomUUID(), roles: ['party_secretary' as const], phone: phone() },
      grid: { id: randomUUID(), roles: ['grid_worker' as const], phone: phone() },
      silent: { id: randomUUID(), roles: ['committee_member' as const], phone: null },
    };
    await env.t.apply(
      Object.values(staff).map((s) =>
        staffRecorded.create({
          communityId: e.communityId,
          aggregateId: s.id,
          payload: {
            staffId: s.id,
            displayName: '工作人员',
            roles: s.roles,
            active: true,
            contact: {
              phone: s.phone,
              email: null,
              wechatOpenId: null,
              preferredChannel: null,
              locale: 'zh-CN',
            },
          },
        }),
      ),
    );
    return staff;
  }

  it('tells the committee it must call an assembly, and the author and co-signers that the threshold is reached; nobody else', async () => {
    clock.set(new Date('2026-03-02T02:00:00.000Z'));
    const e = await estate();
    const staff = await staffOf(e);
    const proposalId = randomUUID();
    const event = proposalThresholdReached.create({
      communityId: e.communityId,
      aggregateId: proposalId,
      payload: {
        proposalId,
        title: '加装电动自行车充电桩',
        cosignCount: 1,
        cosignRequired: 1,
        cosignBase: 5,
        reachedAt: clock.now().toISOString(),
        authorHolderKey: e.holders[0]!.holderKey,
        cosignerKeys: [e.holders[4]!.holderKey],
      },
    });
    await env.t.apply([event, event]);
    await env.t.dispatch();

    const [admin, ...more] = smsTo(staff.admin.phone);
    expect(more).toHaveLength(0);
    expect(admin!.kind).toBe('proposal_threshold_staff');
    expect(admin!.text).toContain(
      '议题「加装电动自行车充电桩」已获 1 户附议（门槛 1 户，共 5 户）',
    );
    expect(admin!.text).toContain('业委会应组织召开业主大会临时会议');
    expect(admin!.text).toContain(`https://yishi.example.cn/p/${proposalId}`);
    expect(smsTo(staff.secretary.phone)).toHaveLength(1);
    expect(smsTo(staff.grid.phone)).toHaveLength(0);
    expect(smsTo(e.phones.a).map((m) => m.kind)).toEqual(['proposal_threshold_owners']);
    expect(smsTo(e.phones.e).map((m) => m.kind)).toEqual(['proposal_threshold_owners']);
    expect(smsTo(e.phones.b)).toHaveLength(0);
    const rows = await rowsOf(event.id);
    expect(
      rows.filter((r) => r.status === 'unreachable').map((r) => [r.recipient, r.medium]),
    ).toEqual([[staff.silent.id, 'none']]);
    expect(
      rows
        .filter((r) => r.medium === 'inbox')
        .map((r) => r.holderKey)
        .sort(),
    ).toEqual([e.holders[0]!.holderKey, e.holders[4]!.holderKey].sort());
    expect(rows.every((r) => r.proposalId === proposalId)).toBe(true);
  });

  it('tells every owner of the community the decision, in their language', async () => {
    clock.set(new Date('2026-04-10T02:00:00.000Z'));
    const e = await estate();
    const proposalId = randomUUID();
    const event = proposalDecided.create({
      communityId: e.communityId,
      aggregateId: proposalId,
      payload: {
        proposalId,
        title: '加装电动自行车充电桩',
        outcome: 'not_decided',
        source: 'ballot',
        ballotId: randomUUID(),
        matterId: randomUUID(),
        meetingId: randomUUID(),
        decidedAt: clock.now().toISOString(),
      },
    });
    await env.t.apply([event]);
    await env.t.dispatch();
    expect(smsTo(e.phones.a)[0]!.text).toBe(
      `【幸福里】议题「加装电动自行车充电桩」经业主表决，未形成决定。详情：https://yishi.example.cn/p/${proposalId} 。`,
    );
    expect(smsTo(e.phones.b)[0]!.text).toContain(
      "the owners' vote ended with: no decision was made",
    );
    expect(smsTo(e.phones.e)).toHaveLength(1);
    expect(smsTo(e.phones.d)).toHaveLength(0);
    const rows = await rowsOf(event.id);
    expect(rows.filter((r) => r.medium === 'inbox')).toHaveLength(5);
    expect(rows.filter((r) => r.medium === 'letter')).toHaveLength(0);
  });
});
