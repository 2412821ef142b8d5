/**
 * Demo data for `pnpm start` (DEMO=true): proposals and a wall of micro-wishes in the demo
 * community 幸福里, once the directory projection knows it. Written through the same verbs as
 * real requests (so their events go out too), with ids derived from the community, so a second
 * start adds nothing.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import { dirCommunities, dirHoldings, proposals } from '../db/schema/index.ts';
import type { Caller } from '../proposals/caller.ts';
import { cosign } from '../proposals/cosign.ts';
import { type NewProposal, submitProposal } from '../proposals/proposals.ts';
import { type ClaimantKind, claimWish, fulfilWish, postWish } from '../wishes/wishes.ts';

const DEMO_COMMUNITY = '幸福里';

/** A stable UUID (v4 layout) from a name, so the demo's ids are the same on every start. */
export function demoId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('/')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The demo community's id once the projection has it, else null. */
export async function demoCommunityId(deps: Pick<Deps, 'db'>): Promise<string | null> {
  const [row] = await deps.db
    .select({ id: dirCommunities.communityId })
    .from(dirCommunities)
    .where(eq(dirCommunities.name, DEMO_COMMUNITY));
  return row?.id ?? null;
}

/** Seeds the demo; answers whether it created anything. */
export async function seedDemo(deps: Deps, communityId: string): Promise<boolean> {
  const first = demoId(communityId, 'proposal', 'elevator');
  const [existing] = await deps.db
    .select({ id: proposals.id })
    .from(proposals)
    .where(eq(proposals.id, first));
  if (existing) return false;
  const holders = await deps.db
    .selectDistinct({ holderId: dirHoldings.holderId, holderKey: dirHoldings.holderKey })
    .from(dirHoldings)
    .where(eq(dirHoldings.communityId, communityId))
    .orderBy(dirHoldings.holderKey);
  if (holders.length === 0) return false;
  const owner = (i: number): Caller => ({ kind: 'owner', ...holders[i % holders.length]! });
  const staff: Caller = {
    kind: 'staff',
    staffId: demoId(communityId, 'staff'),
    roles: ['committee_member'],
  };
  // The first id asked for is the record's own; events after it get fresh ones.
  const withId = (id: string): Deps => {
    const ids = [id];
    return { ...deps, newId: () => ids.pop() ?? deps.newId() };
  };
  const submit = (slug: string, caller: Caller, proposal: Omit<NewProposal, 'draft'>) =>
    submitProposal(withId(slug === 'elevator' ? first : demoId(communityId, 'proposal', slug)), {
      caller,
      communityId,
      proposal: { ...proposal, draft: false },
    });
  const elevator = await submit('elevator', owner(0), {
    title: '3号楼加装电梯',
    description: '3号楼多为老年住户，上下楼不便。建议申请既有住宅加装电梯补贴，费用按楼层分摊。',
    category: 'renovation',
    item: null,
  });
  const cctv = await submit('cctv', owner(1), {
    title: '更换小区老旧监控',
    description: '小区监控多处损坏，夜间看不清。建议使用专项维修资金更换全部摄像头并接入门岗。',
    category: 'safety',
    item: 6,
  });
  await submit('greening', staff, {
    title: '中心花园绿化改造',
    description: '补种树木、修整步道，增加儿童游乐区。',
    category: 'environment',
    item: null,
  });
  await submit('charging', owner(2), {
    title: '地下车库增设充电桩',
    description: '新能源车越来越多，建议在地下车库增设 20 个充电桩。',
    category: 'parking',
    item: null,
  });
  // The elevator gathers half of what it needs; it stays open.
  for (let i = 0; i < Math.floor((elevator.cosign.required ?? 1) / 2); i++) {
    await cosign(deps, { caller: owner(3 + i), communityId, proposalId: elevator.id });
  }
  // The monitoring proposal reaches its threshold (20% of the owner keys by default).
  for (let i = 0; i < (cctv.cosign.required ?? 1); i++) {
    await cosign(deps, { caller: owner(10 + i), communityId, proposalId: cctv.id });
  }
  const wall: {
    title: string;
    description: string;
    claimant?: [string, ClaimantKind];
    fulfilled?: boolean;
  }[] = [
    {
      title: '帮独居老人换灯泡',
      description: '5号楼一位独居老人家里客厅灯坏了，希望有人帮忙更换。',
      claimant: ['党员志愿服务队', 'party_member'],
      fulfilled: true,
    },
    {
      title: '周末陪孩子读书',
      description: '希望有志愿者周末在活动室陪小朋友读书一小时。',
      claimant: ['阳光读书会', 'volunteer'],
      fulfilled: true,
    },
    {
      title: '修理单元门禁',
      description: '2号楼1单元门禁刷卡经常失灵。',
      claimant: ['幸福里物业服务中心', 'partner_unit'],
    },
    { title: '代买降压药', description: '行动不便，希望每月有人帮忙去社区医院取药。' },
  ];
  const secretary: Caller = { ...staff, roles: ['party_secretary'] };
  for (const [i, w] of wall.entries()) {
    const wish = await postWish(withId(demoId(communityId, 'wish', String(i))), {
      caller: owner(20 + i),
      communityId,
      title: w.title,
      description: w.description,
    });
    if (!w.claimant) continue;
    const [claimantName, claimantKind] = w.claimant;
    await claimWish(deps, {
      caller: secretary,
      communityId,
      wishId: wish.id,
      claimantName,
      claimantKind,
    });
    if (w.fulfilled)
      await fulfilWish(deps, {
        caller: secretary,
        communityId,
        wishId: wish.id,
        note: '已完成，居民满意',
      });
  }
  return true;
}

/** Waits for the demo community to be projected, then seeds it; stops when `signal` aborts. */
export async function seedDemoWhenReady(deps: Deps, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    const communityId = await demoCommunityId(deps);
    if (communityId) {
      const [holding] = await deps.db
        .select({ unitId: dirHoldings.unitId })
        .from(dirHoldings)
        .where(eq(dirHoldings.communityId, communityId))
        .limit(1);
      if (holding) {
        // Let the rest of the roster arrive, so the threshold's base is the whole estate.
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        const created = await seedDemo(deps, communityId);
        deps.logger.info({ communityId, created }, 'demo proposals and micro-wishes');
        return;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}
