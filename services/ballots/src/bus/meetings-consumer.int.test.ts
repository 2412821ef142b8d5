import '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import type { StaffClaims } from '@yishi/auth';
import { withRolesInEachCommunity } from '@yishi/auth/testing';
import { assemblyBallotRequested } from '@yishi/contracts';
import { isAppError } from '@yishi/errors';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftBallot } from '../ballots/draft-ballot.ts';
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
import { applyBallotRequest } from './meetings-consumer.ts';

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
