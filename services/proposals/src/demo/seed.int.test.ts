import '@hono/zod-openapi';
import { communityRegistered } from '@yishi/contracts';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposals, wishes } from '../db/schema/index.ts';
import { startTestProposals, type TestProposals } from '../test-support.ts';
import { demoCommunityId, seedDemo } from './seed.ts';

let t: TestProposals;
beforeAll(async () => {
  t = await startTestProposals();
});
afterAll(() => t?.close());

describe('the demo', () => {
  it('seeds 幸福里 once: proposals, one past its threshold, and a wall of wishes', async () => {
    const { communityId } = await t.community(30);
    expect(await demoCommunityId(t.deps)).toBeNull();
    await t.project([
      communityRegistered.create({
        communityId,
        aggregateId: communityId,
        payload: {
          communityId,
          name: '幸福里',
          street: '',
          neighbourhood: '',
          parkingIncluded: false,
        },
      }),
    ]);
    expect(await demoCommunityId(t.deps)).toBe(communityId);
    expect(await seedDemo(t.deps, communityId)).toBe(true);
    expect(await seedDemo(t.deps, communityId)).toBe(false);
    const rows = await t.deps.db
      .select()
      .from(proposals)
      .where(eq(proposals.communityId, communityId));
    expect(rows.map((r) => r.status).sort()).toEqual(['open', 'open', 'open', 'threshold_reached']);
    const wall = await t.deps.db.select().from(wishes).where(eq(wishes.communityId, communityId));
    expect(wall.map((w) => w.status).sort()).toEqual(['claimed', 'fulfilled', 'fulfilled', 'open']);
  });
});
