import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { inbox } from '@yishi/bus';
import {
  ballotOpened,
  communityRegistered,
  gridDefined,
  progressSummarized,
  quorumAtRisk,
  quorumReached,
  staffRecorded,
} from '@yishi/contracts';
import { uniqueName, waitFor } from '@yishi/testing';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { startBallotsConsumer } from '../bus/ballots-consumer.ts';
import { deliveries } from '../db/schema/index.ts';
import { useSmsTestbed } from '../sms-test-support.ts';

const env = useSmsTestbed();
const { clock, smsTo } = env;

type Role = 'committee_admin' | 'committee_member' | 'party_secretary' | 'grid_worker';
const figures = (area: string, headcount: number) => ({ area, headcount });

/**
 * A community with three buildings and its staff: a Party secretary (SMS), a committee admin with
 * only an e-mail (no e-mail channel here, so unreachable), grid worker A (building 1), grid
 * worker B (buildings 2 and 3) and grid worker C (building 3, no contact at all).
 */
async function community() {
  const communityId = randomUUID();
  const ballotId = randomUUID();
  const tag = String(Date.now() % 100_000_000).padStart(8, '0');
  const phone = (n: number) => `13${n}${tag}`;
  const staff = {
    secretary: { id: randomUUID(), roles: ['party_secretary'] as Role[], phone: phone(1) },
    admin: { id: randomUUID(), roles: ['committee_admin'] as Role[], phone: null },
    gridA: { id: randomUUID(), roles: ['grid_worker'] as Role[], phone: phone(2) },
    gridB: { id: randomUUID(), roles: ['grid_worker'] as Role[], phone: phone(3) },
    gridC: { id: randomUUID(), roles: ['grid_worker'] as Role[], phone: null },
  };
  const buildings = { b1: randomUUID(), b2: randomUUID(), b3: randomUUID() };
  const staffEvent = (
    s: { id: string; roles: Role[]; phone: string | null },
    over: { roles?: Role[]; active?: boolean } = {},
  ) =>
    staffRecorded.create({
      communityId,
      aggregateId: s.id,
      payload: {
        staffId: s.id,
        displayName: '工作人员',
        roles: over.roles ?? s.roles,
        active: over.active ?? true,
        contact: {
          phone: s.phone,
          email: s === staff.admin ? 'admin@example.cn' : null,
          wechatOpenId: null,
          preferredChannel: null,
          locale: 'zh-CN',
        },
      },
    });
  const grid = (workerIds: string[], buildingIds: string[]) => {
    const gridId = randomUUID();
    return gridDefined.create({
      communityId,
      aggregateId: gridId,
      payload: { gridId, name: `网格${gridId.slice(0, 4)}`, buildingIds, workerIds },
    });
  };
  await env.t.apply([
    communityRegistered.create({
      communityId,
      aggregateId: communityId,
      payload: {
        communityId,
        name: '幸福里',
        street: '街道',
        neighbourhood: '社区',
        parkingIncluded: false,
      },
    }),
    ...Object.values(staff).map((s) => staffEvent(s)),
    grid([staff.gridA.id], [buildings.b1]),
    grid([staff.gridB.id], [buildings.b2, buildings.b3]),
    grid([staff.gridC.id], [buildings.b3]),
  ]);
  const closesAt = '2026-03-05T10:00:00.000Z';
  await env.t.apply([
    ballotOpened.create({
      communityId,
      aggregateId: ballotId,
      payload: {
        ballotId,
        matterIds: [randomUUID()],
        opensAt: '2026-03-01T01:00:00.000Z',
        closesAt,
        snapshotHash: '0'.repeat(64),
        totalArea: '760.00',
        totalHeadcount: 9,
      },
    }),
  ]);
  // Building 1: 1 of 3 voted; building 2: 0 of 2; building 3: 3 of 4 (met).
  const matters = [
    {
      matterId: randomUUID(),
      item: 6,
      total: figures('760.00', 9),
      participating: figures('400.00', 4),
      shortfall: figures('106.67', 2),
      quorumMet: false,
      buildings: [
        {
          buildingId: buildings.b2,
          building: '2号楼',
          total: figures('200.00', 2),
          participating: figures('0.00', 0),
          shortfall: figures('133.34', 2),
          quorumMet: false,
        },
        {
          buildingId: buildings.b1,
          building: '1号楼',
          total: figures('300.00', 3),
          participating: figures('100.00', 1),
          shortfall: figures('100.00', 1),
          quorumMet: false,
        },
        {
          buildingId: buildings.b3,
          building: '3号楼',
          total: figures('260.00', 4),
          participating: figures('300.00', 3),
          shortfall: figures('0.00', 0),
          quorumMet: true,
        },
      ],
    },
  ];
  return { communityId, ballotId, closesAt, staff, matters, staffEvent };
}

const deliveriesOf = (sourceId: string) =>
  env.t.deps.db.select().from(deliveries).where(eq(deliveries.sourceId, sourceId));

describe('staff alerts', () => {
  it('gives the Party secretary every building and each grid worker only theirs, furthest behind first', async () => {
    clock.set(new Date('2026-03-03T01:00:00.000Z'));
    const c = await community();
    const event = progressSummarized.create({
      communityId: c.communityId,
      aggregateId: c.ballotId,
      payload: {
        ballotId: c.ballotId,
        day: '2026-03-03',
        closesAt: c.closesAt,
        computedAt: clock.now().toISOString(),
        matters: c.matters,
      },
    });
    await env.t.apply([event]);
    await env.t.dispatch();

    const [secretary] = smsTo(c.staff.secretary.phone);
    expect(secretary?.kind).toBe('progress_summary');
    expect(secretary?.text).toContain(
      '2026-03-03 表决进度：已参与 4/9 人、400.00/760.00 ㎡，还差 2 人、106.67 ㎡',
    );
    expect(secretary?.text).toMatch(/2号楼.*1号楼.*3号楼：3\/4 人，已达三分之二/);

    const [a] = smsTo(c.staff.gridA.phone);
    expect(a?.text).toContain('您负责的楼栋：1号楼：1/3 人，还差 1 人、100.00 ㎡。');
    expect(a?.text).not.toMatch(/2号楼|3号楼/);
    const [b] = smsTo(c.staff.gridB.phone);
    expect(b?.text).toMatch(/您负责的楼栋：2号楼.*；3号楼/);
    expect(b?.text).not.toContain('1号楼');

    // The committee is not in the daily summary; grid worker C has no contact and is listed.
    const rows = await deliveriesOf(event.id);
    expect(rows.map((r) => [r.recipient, r.medium, r.status]).sort()).toEqual(
      [
        [c.staff.secretary.id, 'sms', 'sent'],
        [c.staff.gridA.id, 'sms', 'sent'],
        [c.staff.gridB.id, 'sms', 'sent'],
        [c.staff.gridC.id, 'none', 'unreachable'],
      ].sort(),
    );
  });

  it('alerts quorum at risk once when the event is redelivered, to the committee, the secretary and grid workers, listing who cannot be reached', async () => {
    clock.set(new Date('2026-03-04T10:00:00.000Z'));
    const c = await community();
    // A stream of this test's own (the shared BALLOTS stream is other tests' business).
    const { prefix, stream } = await env.ownStream('ballots');
    const event = quorumAtRisk.create({
      communityId: c.communityId,
      aggregateId: c.ballotId,
      payload: {
        ballotId: c.ballotId,
        closesAt: c.closesAt,
        computedAt: clock.now().toISOString(),
        matters: c.matters,
      },
    });
    // Published twice as two stream messages (past JetStream's de-duplication), as after a relay crash.
    const js = jetstream(env.nc);
    for (let i = 0; i < 2; i += 1) {
      await js.publish(`${prefix}.quorum.at_risk.v1`, JSON.stringify(event));
    }
    const durable = uniqueName('staff_alerts');
    const consumer = await startBallotsConsumer({
      deps: env.t.deps,
      js,
      stream,
      durable,
      filterSubjects: [`${prefix}.>`],
    });
    try {
      await waitFor(
        async () =>
          (
            await env.t.deps.db
              .select()
              .from(inbox)
              .where(and(eq(inbox.consumer, durable), eq(inbox.eventId, event.id)))
          ).length === 1,
        { message: 'the at-risk event processed' },
      );
      await waitFor(
        async () => {
          const info = await (await jetstreamManager(env.nc)).consumers.info(stream, durable);
          return info.num_pending === 0 && info.num_ack_pending === 0;
        },
        { message: 'both messages acknowledged' },
      );
    } finally {
      await consumer.stop();
    }
    // And once more past the inbox: the unique delivery key still plans nothing new.
    await env.t.apply([event]);
    await env.t.dispatch();

    const secretary = smsTo(c.staff.secretary.phone);
    expect(secretary).toHaveLength(1);
    expect(secretary[0]!.text).toContain('约剩 24 小时');
    expect(secretary[0]!.text).toContain('各楼栋（差距大者在前）：2号楼');
    const b = smsTo(c.staff.gridB.phone);
    expect(b).toHaveLength(1);
    expect(b[0]!.text).toMatch(/您负责的楼栋：2号楼：0\/2 人，还差 2 人、133.34 ㎡；3号楼/);
    expect(smsTo(c.staff.gridA.phone)).toHaveLength(1);

    const token = await env.t.committeeToken(c.communityId);
    const res = await env.t.request(`/communities/${c.communityId}/deliveries?status=unreachable`, {
      token,
    });
    expect(res.status).toBe(200);
    const listed = ((await res.json()) as { items: { recipient: string; kind: string }[] }).items;
    expect(
      listed
        .filter((d) => d.kind === 'quorum_at_risk')
        .map((d) => d.recipient)
        .sort(),
    ).toEqual([c.staff.admin.id, c.staff.gridC.id].sort());
  });

  it('tells the secretary and the committee that the quorum is reached, not grid workers nor staff who left', async () => {
    clock.set(new Date('2026-03-03T04:00:00.000Z'));
    const c = await community();
    const committee = {
      id: randomUUID(),
      roles: ['committee_member'] as Role[],
      phone: `1380${String(Date.now()).slice(-7)}`,
    };
    await env.t.apply([
      c.staffEvent(committee),
      // Grid worker A leaves the community; a disabled secretary would not be told either.
      c.staffEvent(c.staff.gridA, { roles: [] }),
    ]);
    const event = quorumReached.create({
      communityId: c.communityId,
      aggregateId: c.ballotId,
      payload: {
        ballotId: c.ballotId,
        matterId: c.matters[0]!.matterId,
        item: 6,
        reachedAt: clock.now().toISOString(),
        total: figures('760.00', 9),
        participating: figures('520.00', 6),
      },
    });
    await env.t.apply([event]);
    await env.t.apply([event]);
    await env.t.dispatch();

    const [secretary, ...more] = smsTo(c.staff.secretary.phone);
    expect(more).toHaveLength(0);
    expect(secretary?.text).toContain(
      '参与面积与人数均已达到三分之二（已参与 6/9 人、520.00/760.00 ㎡，已达三分之二）',
    );
    expect(secretary?.text).toContain('2026年3月5日 18:00');
    expect(smsTo(committee.phone)).toHaveLength(1);
    const rows = await deliveriesOf(event.id);
    expect(rows.map((r) => r.recipient).sort()).toEqual(
      [c.staff.secretary.id, c.staff.admin.id, committee.id].sort(),
    );
  });

  it('keeps a staff alert due at night until 08:00 in Shanghai: it is not urgent', async () => {
    clock.set(new Date('2026-03-03T14:00:00.000Z')); // 22:00 in Shanghai
    const c = await community();
    const event = quorumAtRisk.create({
      communityId: c.communityId,
      aggregateId: c.ballotId,
      payload: {
        ballotId: c.ballotId,
        closesAt: c.closesAt,
        computedAt: clock.now().toISOString(),
        matters: c.matters,
      },
    });
    await env.t.apply([event]);
    await env.t.dispatch();
    expect(smsTo(c.staff.secretary.phone)).toHaveLength(0);
    const [row] = (await deliveriesOf(event.id)).filter(
      (r) => r.recipient === c.staff.secretary.id,
    );
    expect(row).toMatchObject({ status: 'queued', urgent: false });
    expect(row!.nextAttemptAt.toISOString()).toBe('2026-03-04T00:00:00.000Z');
  });
});
