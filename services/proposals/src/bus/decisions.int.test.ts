import '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ensureStream, outbox, type RunningConsumer } from '@yishi/bus';
import {
  assemblyBallotRequested,
  ballotOpened,
  meetingNoticePublished,
  proposalDecided,
  resultCertified,
  resultPublished,
  streams,
} from '@yishi/contracts';
import { connectTestNats, uniqueName, waitFor } from '@yishi/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposals } from '../db/schema/index.ts';
import { startTestProposals, type TestProposals } from '../test-support.ts';
import { startDecisionConsumers } from './decisions.ts';

let nc: NatsConnection;
let t: TestProposals;
let consumers: RunningConsumer[] = [];
beforeAll(async () => {
  nc = await connectTestNats();
  const jsm = await jetstreamManager(nc);
  await ensureStream(jsm, streams.meetings);
  await ensureStream(jsm, streams.ballots);
  t = await startTestProposals();
  consumers = await startDecisionConsumers({
    db: t.deps.db,
    js: jetstream(nc),
    deps: t.deps,
    durablePrefix: uniqueName('proposals'),
  });
});
afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  await t?.close();
  await nc?.close();
});

const publish = (event: { type: string; version: number }) =>
  jetstream(nc).publish(`${event.type}.v${event.version}`, JSON.stringify(event));

const statusOf = async (id: string) =>
  (await t.deps.db.select().from(proposals).where(eq(proposals.id, id)))[0]!;

describe('following meetings and ballots', () => {
  it('goes on the agenda, into the ballot and is decided by the certified result, once', async () => {
    const { communityId, owners } = await t.community(5);
    const submit = (title: string) =>
      t
        .request(`/communities/${communityId}/proposals`, {
          token: owners[0]!.token,
          json: { title, description: '说明', category: 'maintenance' },
        })
        .then((r) => r.json() as Promise<{ id: string }>);
    const passed = await submit('更换水泵');
    const failed = await submit('外墙翻新');
    const meetingId = randomUUID();
    const ballotId = randomUUID();
    const matters = [randomUUID(), randomUUID()];
    const at = '2026-04-01T02:00:00.000Z';
    await publish(
      meetingNoticePublished.create({
        communityId,
        aggregateId: meetingId,
        payload: {
          meetingId,
          kind: 'owners_assembly',
          form: 'in_writing',
          title: '2026年第一次业主大会',
          startsAt: '2026-04-20T02:00:00.000Z',
          endsAt: '2026-05-05T02:00:00.000Z',
          place: '书面征求意见',
          organiser: '业主委员会',
          noticePublishedAt: at,
          agenda: [passed.id, failed.id].map((proposalId, i) => ({
            agendaItemId: randomUUID(),
            position: i + 1,
            title: `议题${i + 1}`,
            proposalId,
            item: 6,
          })),
        },
      }),
    );
    await waitFor(async () =>
      (await statusOf(failed.id)).status === 'on_agenda' ? true : undefined,
    );
    expect((await statusOf(passed.id)).meetingId).toBe(meetingId);
    // The ballot's opening arrives before the request that maps its matters (two streams).
    await publish(
      ballotOpened.create({
        communityId,
        aggregateId: ballotId,
        payload: {
          ballotId,
          matterIds: matters,
          opensAt: '2026-04-20T02:00:00.000Z',
          closesAt: '2026-05-05T02:00:00.000Z',
          snapshotHash: 'a'.repeat(64),
          totalArea: '500.00',
          totalHeadcount: 5,
        },
      }),
    );
    await publish(
      assemblyBallotRequested.create({
        communityId,
        aggregateId: meetingId,
        payload: {
          meetingId,
          ballotId,
          title: '2026年第一次业主大会',
          description: '',
          noticeGivenAt: at,
          window: { opensAt: '2026-04-20T02:00:00.000Z', closesAt: '2026-05-05T02:00:00.000Z' },
          scope: { kind: 'estate' },
          requestedBy: randomUUID(),
          matters: [passed.id, failed.id].map((proposalId, i) => ({
            agendaItemId: randomUUID(),
            matterId: matters[i]!,
            position: i + 1,
            item: 6,
            title: `议题${i + 1}`,
            body: '详见议题',
            proposalId,
          })),
        },
      }),
    );
    await waitFor(async () =>
      (await statusOf(failed.id)).status === 'in_ballot' ? true : undefined,
    );
    const certified = resultCertified.create({
      communityId,
      aggregateId: ballotId,
      payload: {
        ballotId,
        snapshotHash: 'a'.repeat(64),
        voteDigest: 'b'.repeat(64),
        certification: 1,
        matters: [
          { matterId: matters[0]!, item: 6, passed: true, quorumMet: true, approvalMet: true },
          { matterId: matters[1]!, item: 6, passed: false, quorumMet: true, approvalMet: false },
        ],
      },
    });
    await publish(certified);
    // The same event again under another message id, as a republishing producer would.
    await publish({ ...certified, id: randomUUID() } as typeof certified);
    await waitFor(async () =>
      (await statusOf(failed.id)).status === 'decided' ? true : undefined,
    );
    await waitFor(async () =>
      (await statusOf(passed.id)).status === 'decided' ? true : undefined,
    );
    expect(await statusOf(passed.id)).toMatchObject({
      outcome: 'decided',
      decisionSource: 'ballot',
      ballotId,
    });
    expect(await statusOf(failed.id)).toMatchObject({
      outcome: 'not_decided',
      matterId: matters[1],
    });
    const decidedEvents = async () =>
      (
        await t.deps.db
          .select({ payload: outbox.payload })
          .from(outbox)
          .where(and(eq(outbox.type, proposalDecided.type), eq(outbox.communityId, communityId)))
      ).map((e) => e.payload as { proposalId: string; outcome: string });
    // Certified is not final: a re-certification may still change it until the result is
    // published (公示), so nothing tells owners the decision yet.
    expect(await decidedEvents()).toEqual([]);
    await publish(
      resultCertified.create({
        communityId,
        aggregateId: ballotId,
        payload: {
          ...certified.payload,
          certification: 2,
          matters: [
            { matterId: matters[0]!, item: 6, passed: true, quorumMet: true, approvalMet: true },
            { matterId: matters[1]!, item: 6, passed: true, quorumMet: true, approvalMet: true },
          ],
        },
      }),
    );
    await waitFor(async () =>
      (await statusOf(failed.id)).outcome === 'decided' ? true : undefined,
    );
    expect(await decidedEvents()).toEqual([]);
    // Until the publication, owners see no outcome and the committee cannot start implementing.
    const asOwner = await t.request(`/communities/${communityId}/proposals/${passed.id}`, {
      token: owners[1]!.token,
    });
    expect(((await asOwner.json()) as { decision: unknown }).decision).toBeNull();
    const committee = await t.committee(communityId);
    const early = await t.request(
      `/communities/${communityId}/proposals/${passed.id}/start-implementation`,
      { token: committee, method: 'POST' },
    );
    expect(early.status).toBe(409);
    expect((await statusOf(passed.id)).status).toBe('decided');
    const published = resultPublished.create({
      communityId,
      aggregateId: ballotId,
      payload: { ballotId, from: '2026-05-06T02:00:00.000Z', until: '2026-05-13T02:00:00.000Z' },
    });
    await publish(published);
    await publish({ ...published, id: randomUUID() } as typeof published);
    await waitFor(async () => ((await decidedEvents()).length >= 2 ? true : undefined));
    await waitFor(async () =>
      (await statusOf(failed.id)).decisionPublishedAt !== null ? true : undefined,
    );
    const seen = await t.request(`/communities/${communityId}/proposals/${passed.id}`, {
      token: owners[1]!.token,
    });
    expect(((await seen.json()) as { decision: { outcome: string } }).decision.outcome).toBe(
      'decided',
    );
    const started = await t.request(
      `/communities/${communityId}/proposals/${passed.id}/start-implementation`,
      { token: committee, method: 'POST' },
    );
    expect(started.status).toBe(200);
    // Once per proposal, with the outcome that was published.
    expect((await decidedEvents()).map((e) => [e.proposalId, e.outcome]).sort()).toEqual(
      [
        [passed.id, 'decided'],
        [failed.id, 'decided'],
      ].sort(),
    );
  });
});
