/** Owner keys that reach the projection after an announcement still get it, once. */
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { meetingCancelled, meetingNoticePublished, minutesPublished } from '@yishi/contracts';
import { uniqueName, waitFor } from '@yishi/testing';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type DirectoryEvent, startDirectoryProjection } from '../bus/directory-projection.ts';
import { deliveries } from '../db/schema/index.ts';
import { useSmsTestbed } from '../sms-test-support.ts';
import { ballotFixture } from '../test-support.ts';
import { catchUpHolders } from './catch-up.ts';

const env = useSmsTestbed();
const { clock, smsTo } = env;

let serial = 0;
const phone = () => {
  serial += 1;
  return `138${String(process.pid % 1000).padStart(3, '0')}${String(serial).padStart(5, '0')}`;
};

const notice = (communityId: string, startsAt = '2026-03-25T11:00:00.000Z') => {
  const meetingId = randomUUID();
  return meetingNoticePublished.create({
    communityId,
    aggregateId: meetingId,
    payload: {
      meetingId,
      kind: 'owners_assembly',
      form: 'in_person',
      title: '2026年第一次业主大会',
      startsAt,
      endsAt: null,
      place: '小区会所二楼',
      organiser: '业主委员会',
      noticePublishedAt: clock.now().toISOString(),
      agenda: [
        {
          agendaItemId: randomUUID(),
          position: 1,
          title: '修订管理规约',
          proposalId: null,
          item: 3,
        },
      ],
    },
  });
};

const minutesOf = (n: ReturnType<typeof notice>) =>
  minutesPublished.create({
    communityId: n.communityId,
    aggregateId: n.payload.meetingId,
    payload: {
      meetingId: n.payload.meetingId,
      kind: 'owners_assembly',
      publishedAt: clock.now().toISOString(),
      decisions: n.payload.agenda.map((a) => ({
        agendaItemId: a.agendaItemId,
        proposalId: null,
        outcome: 'decided' as const,
      })),
    },
  });

const rowsOf = (sourceId: string) =>
  env.t.deps.db.select().from(deliveries).where(eq(deliveries.sourceId, sourceId));

/** The events of each unit of the fixture (unit, owners, ownership), in order. */
function unitsOf(directory: readonly DirectoryEvent[]) {
  const [registered, ...rest] = directory;
  const units: DirectoryEvent[][] = [];
  for (const event of rest) {
    if (event.type === 'directory.unit.recorded') units.push([]);
    units.at(-1)!.push(event);
  }
  return { registered: registered!, units };
}

describe('catch-up of owner keys that arrive after an announcement', () => {
  it('gives every owner exactly one notice when the notice lands in the middle of a roster import', async () => {
    clock.set(new Date('2026-03-02T02:00:00.000Z'));
    const phones = Array.from({ length: 5 }, phone);
    const f = ballotFixture([
      ...phones.slice(0, 4).map((p, i) => ({ room: `10${i + 1}`, phone: p })),
      { room: '105', phone: phones[4]!, coOwners: 1 },
      { room: '106' },
    ]);
    const { registered, units } = unitsOf(f.directory);
    const { prefix, stream } = await env.ownStream('directory');
    const jsm = await jetstreamManager(env.nc);
    const js = jetstream(env.nc);
    const publish = async (events: readonly DirectoryEvent[]) => {
      for (const event of events) await js.publish(`${prefix}.x.v1`, JSON.stringify(event));
    };
    const durable = uniqueName('catch_up');
    const consumer = await startDirectoryProjection({
      deps: env.t.deps,
      js,
      stream,
      durable,
      filterSubjects: [`${prefix}.>`],
    });
    const drained = (message: string) =>
      waitFor(
        async () => {
          const info = await jsm.consumers.info(stream, durable);
          return info.num_pending === 0 && info.num_ack_pending === 0;
        },
        { message },
      );
    const event = notice(f.communityId);
    try {
      // The first two units reach notifications; the notice is handled then.
      await publish([registered, ...units[0]!, ...units[1]!]);
      await drained('the first part of the roster projected');
      await env.t.apply([event]);
      const early = await rowsOf(event.id);
      expect(new Set(early.map((r) => r.holderKey))).toEqual(
        new Set([f.holders[0]!.holderKey, f.holders[1]!.holderKey]),
      );

      // The rest of the roster arrives, and the whole import is published once more.
      await publish(units.slice(2).flat());
      await drained('the rest of the roster projected');
      const caughtUp = await rowsOf(event.id);
      await publish(f.directory);
      await drained('the import published again');
      expect(await rowsOf(event.id)).toHaveLength(caughtUp.length);
    } finally {
      await consumer.stop();
    }
    // Applied again without the bus's inbox (a replay of the stream): nothing planned twice.
    await env.t.apply(f.directory);
    const again = await env.t.deps.db.transaction((tx) =>
      catchUpHolders(tx, env.t.deps, f.communityId, f.holders),
    );
    expect(again).toBe(0);

    const rows = await rowsOf(event.id);
    const inboxKeys = rows.filter((r) => r.medium === 'inbox').map((r) => r.holderKey);
    expect(inboxKeys.sort()).toEqual(f.holders.map((h) => h.holderKey).sort());
    // 106 has no contact: a printed letter, once.
    expect(rows.filter((r) => r.medium === 'letter').map((r) => r.holderKey)).toEqual([
      f.holders[5]!.holderKey,
    ]);
    expect(rows.every((r) => r.meetingId === event.payload.meetingId)).toBe(true);
    await env.t.dispatch();
    for (const p of phones) expect(smsTo(p).map((m) => m.kind)).toEqual(['meeting_notice']);
    expect(smsTo(phones[3]!)[0]!.text).toContain('业主大会「2026年第一次业主大会」');
  });

  it('catches up the notices of meetings still ahead and recent minutes, nothing held, cancelled or old', async () => {
    clock.set(new Date('2026-01-10T02:00:00.000Z'));
    const [early, late] = [phone(), phone()];
    const f = ballotFixture([
      { room: '201', phone: early },
      { room: '202', phone: late },
    ]);
    const { registered, units } = unitsOf(f.directory);
    await env.t.apply([registered, ...units[0]!]);
    const oldMeeting = notice(f.communityId, '2026-01-20T02:00:00.000Z');
    await env.t.apply([oldMeeting]);
    clock.set(new Date('2026-01-25T02:00:00.000Z'));
    const oldMinutes = minutesOf(oldMeeting);
    await env.t.apply([oldMinutes]);
    clock.set(new Date('2026-02-20T02:00:00.000Z'));
    const recent = notice(f.communityId, '2026-02-25T02:00:00.000Z');
    const cancelled = notice(f.communityId, '2026-04-01T02:00:00.000Z');
    await env.t.apply([recent, cancelled]);
    await env.t.apply([
      meetingCancelled.create({
        communityId: f.communityId,
        aggregateId: cancelled.payload.meetingId,
        payload: {
          meetingId: cancelled.payload.meetingId,
          kind: 'owners_assembly',
          reason: '改期',
          noticeWasPublished: true,
          proposalIds: [],
        },
      }),
    ]);
    clock.set(new Date('2026-03-01T02:00:00.000Z'));
    const recentMinutes = minutesOf(recent);
    await env.t.apply([recentMinutes]);
    const ahead = notice(f.communityId, '2026-03-20T02:00:00.000Z');
    await env.t.apply([ahead]);
    await env.t.dispatch();
    env.gateway.received.length = 0;

    // 202 reaches the projection on 10 March: the meeting ahead and the minutes of 1 March only
    // (those of 25 January are 44 days old).
    clock.set(new Date('2026-03-10T02:00:00.000Z'));
    await env.t.apply(units[1]!);
    const planned = await env.t.deps.db
      .select({ sourceId: deliveries.sourceId, kind: deliveries.kind })
      .from(deliveries)
      .where(
        and(
          eq(deliveries.communityId, f.communityId),
          eq(deliveries.holderKey, f.holders[1]!.holderKey),
          eq(deliveries.medium, 'sms'),
        ),
      );
    expect(planned.map((p) => p.sourceId).sort()).toEqual([ahead.id, recentMinutes.id].sort());
    await env.t.dispatch();
    expect(
      smsTo(late)
        .map((m) => m.kind)
        .sort(),
    ).toEqual(['meeting_notice', 'minutes_published']);
    expect(smsTo(early)).toHaveLength(0);
  });
});
