// zod-openapi must extend zod before any schema exists.
import '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { outbox } from '@yishi/bus';
import { errorBodySchema, ownerLinkRevoked, proposalThresholdReached } from '@yishi/contracts';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comments, cosignatures, ledgerEntries, proposals } from '../db/schema/index.ts';
import { startTestProposals, type TestProposals } from '../test-support.ts';

let t: TestProposals;
beforeAll(async () => {
  t = await startTestProposals();
});
afterAll(() => t?.close());

const errorOf = async (res: Response) => errorBodySchema.parse(await res.json()).error;
const body = {
  title: '更换消防门',
  description: '全部楼栋的消防门老化',
  category: 'safety',
  item: 6,
};

async function openProposal(communityId: string, token: string) {
  const res = await t.request(`/communities/${communityId}/proposals`, { token, json: body });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; cosign: { required: number; base: number } };
}

const eventsOf = (type: string, aggregateId: string) =>
  t.deps.db
    .select({ payload: outbox.payload })
    .from(outbox)
    .where(and(eq(outbox.type, type), eq(outbox.aggregateId, aggregateId)));

describe('submitting', () => {
  it('fixes the threshold at 20% of the owner keys, rounded up', async () => {
    const { communityId, owners } = await t.community(11);
    const created = await openProposal(communityId, owners[0]!.token);
    expect(created.cosign).toMatchObject({ base: 11, required: 3 });
    expect(await eventsOf('proposals.proposal.submitted', created.id)).toHaveLength(1);
  });

  it('refuses bad input with one error shape and stores nothing', async () => {
    const { communityId, owners } = await t.community(2);
    for (const json of [
      { ...body, title: '' },
      { ...body, category: 'gossip' },
      { ...body, item: 10 },
      { title: 'x' },
    ]) {
      const res = await t.request(`/communities/${communityId}/proposals`, {
        token: owners[0]!.token,
        json,
      });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('validation_failed');
    }
    const stored = await t.deps.db
      .select()
      .from(proposals)
      .where(eq(proposals.communityId, communityId));
    expect(stored).toEqual([]);
  });

  it('refuses an owner link of another community, a revoked one and a former owner', async () => {
    const { communityId, owners } = await t.community(2);
    const other = await t.community(1);
    const foreign = await t.request(`/communities/${communityId}/proposals`, {
      token: other.owners[0]!.token,
    });
    expect(foreign.status).toBe(404);
    const owner = owners[0]!;
    await t.project([
      ownerLinkRevoked.create({
        communityId,
        aggregateId: owner.holderId,
        payload: { holderId: owner.holderId, holderKey: owner.holderKey, version: 2 },
      }),
    ]);
    const revoked = await t.request(`/communities/${communityId}/proposals`, {
      token: owner.token,
    });
    expect(revoked.status).toBe(401);
    expect((await errorOf(revoked)).details).toEqual({ reason: 'link_revoked' });
    const renewed = await t.ownerToken(communityId, owner, 2);
    expect(
      (await t.request(`/communities/${communityId}/proposals`, { token: renewed })).status,
    ).toBe(200);
    const stranger = await t.ownerToken(communityId, {
      holderId: randomUUID(),
      holderKey: randomUUID(),
    });
    const res = await t.request(`/communities/${communityId}/proposals`, { token: stranger });
    expect(res.status).toBe(403);
  });
});

describe('co-signing', () => {
  it('stores one co-signature when the same owner co-signs twice at once', async () => {
    const { communityId, owners } = await t.community(20);
    const { id } = await openProposal(communityId, owners[0]!.token);
    const path = `/communities/${communityId}/proposals/${id}/cosign`;
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => t.request(path, { method: 'POST', token: owners[1]!.token })),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    const stored = await t.deps.db
      .select()
      .from(cosignatures)
      .where(eq(cosignatures.proposalId, id));
    expect(stored).toHaveLength(1);
    const [row] = await t.deps.db.select().from(proposals).where(eq(proposals.id, id));
    expect(row!.cosignCount).toBe(1);
  });

  it('publishes threshold reached once when many owners cross it at the same time', async () => {
    const { communityId, owners } = await t.community(20);
    const { id, cosign } = await openProposal(communityId, owners[0]!.token);
    expect(cosign.required).toBe(4);
    const path = `/communities/${communityId}/proposals/${id}/cosign`;
    const answers = await Promise.all(
      owners.slice(1, 11).map((o) => t.request(path, { method: 'POST', token: o.token })),
    );
    expect(answers.every((r) => r.status === 200)).toBe(true);
    expect(await eventsOf(proposalThresholdReached.type, id)).toHaveLength(1);
    const detail = (await (
      await t.request(`/communities/${communityId}/proposals/${id}`, { token: owners[3]!.token })
    ).json()) as {
      status: string;
      cosign: { count: number; reached: boolean; progressPercent: number; cosignedByMe: boolean };
    };
    expect(detail.status).toBe('threshold_reached');
    expect(detail.cosign).toMatchObject({
      count: 10,
      reached: true,
      progressPercent: 100,
      cosignedByMe: true,
    });
  });

  it('is for owners: a staff token cannot co-sign', async () => {
    const { communityId, owners } = await t.community(3);
    const { id } = await openProposal(communityId, owners[0]!.token);
    const res = await t.request(`/communities/${communityId}/proposals/${id}/cosign`, {
      method: 'POST',
      token: await t.committee(communityId),
    });
    expect(res.status).toBe(403);
  });
});

describe('discussion', () => {
  it('hides a comment with its reason, keeps it, and shows owners the reason without the text', async () => {
    const { communityId, owners } = await t.community(3);
    const { id } = await openProposal(communityId, owners[0]!.token);
    const path = `/communities/${communityId}/proposals/${id}/comments`;
    const posted = await t.request(path, {
      token: owners[1]!.token,
      json: { body: '物业就是骗子！' },
    });
    expect(posted.status).toBe(201);
    const comment = (await posted.json()) as { id: string };
    const reply = await t.request(path, {
      token: owners[2]!.token,
      json: { body: '同意', parentId: comment.id },
    });
    expect(reply.status).toBe(201);
    const ownerHide = await t.request(`${path}/${comment.id}/hide`, {
      token: owners[2]!.token,
      json: { reason: 'x' },
    });
    expect(ownerHide.status).toBe(403);
    const committee = await t.committee(communityId);
    const hidden = await t.request(`${path}/${comment.id}/hide`, {
      token: committee,
      json: { reason: '人身攻击' },
    });
    expect(hidden.status).toBe(200);
    const again = await t.request(`${path}/${comment.id}/hide`, {
      token: committee,
      json: { reason: '别的理由' },
    });
    expect(((await again.json()) as { hidden: { reason: string } }).hidden.reason).toBe('人身攻击');
    const [stored] = await t.deps.db.select().from(comments).where(eq(comments.id, comment.id));
    expect(stored).toMatchObject({ body: '物业就是骗子！', hiddenReason: '人身攻击' });
    const page = (await (await t.request(path, { token: owners[2]!.token })).json()) as {
      items: { id: string; body: string | null; hidden: { reason: string } | null }[];
    };
    expect(page.items[0]).toMatchObject({
      id: comment.id,
      body: null,
      hidden: { reason: '人身攻击' },
    });
    expect(page.items[1]).toMatchObject({ body: '同意', hidden: null });
    expect(await eventsOf('proposals.comment.hidden', id)).toHaveLength(1);
  });
});

describe('the fund ledger', () => {
  async function decided(communityId: string, ownerToken: string) {
    const { id } = await openProposal(communityId, ownerToken);
    await t.deps.db
      .update(proposals)
      .set({ status: 'decided', outcome: 'decided', decidedAt: new Date() })
      .where(eq(proposals.id, id));
    return id;
  }

  it('keeps the balance in fen, exactly', async () => {
    const { communityId, owners } = await t.community(2);
    const id = await decided(communityId, owners[0]!.token);
    const committee = await t.committee(communityId);
    const path = `/communities/${communityId}/proposals/${id}/ledger`;
    const entries = [
      {
        kind: 'contribution',
        occurredOn: '2026-05-01',
        amountFen: 1_000_001,
        description: '维修资金划拨',
        receiptRef: 'R-1',
      },
      {
        kind: 'expenditure',
        occurredOn: '2026-05-03',
        amountFen: 333_333,
        description: '购买消防门',
        receiptRef: 'F-9',
      },
      { kind: 'expenditure', occurredOn: '2026-05-04', amountFen: 1, description: '手续费' },
    ];
    for (const json of entries)
      expect((await t.request(path, { token: committee, json })).status).toBe(201);
    const ledger = (await (await t.request(path, { token: owners[1]!.token })).json()) as {
      balanceFen: number;
      contributionsFen: number;
      expendituresFen: number;
      entries: { seq: number; balanceFen: number }[];
    };
    expect(ledger).toMatchObject({
      contributionsFen: 1_000_001,
      expendituresFen: 333_334,
      balanceFen: 666_667,
    });
    expect(ledger.entries.map((e) => [e.seq, e.balanceFen])).toEqual([
      [1, 1_000_001],
      [2, 666_668],
      [3, 666_667],
    ]);
    const csv = await (await t.request(`${path}.csv`, { token: owners[1]!.token })).text();
    expect(csv).toContain('结余,6666.67');
  });

  it('refuses fractions, an owner, and a proposal not decided, changing nothing', async () => {
    const { communityId, owners } = await t.community(2);
    const id = await decided(communityId, owners[0]!.token);
    const path = `/communities/${communityId}/proposals/${id}/ledger`;
    const entry = {
      kind: 'expenditure',
      occurredOn: '2026-05-03',
      amountFen: 100,
      description: '材料',
    };
    const committee = await t.committee(communityId);
    expect(
      (await t.request(path, { token: committee, json: { ...entry, amountFen: 1.5 } })).status,
    ).toBe(400);
    expect(
      (await t.request(path, { token: committee, json: { ...entry, occurredOn: '5月3日' } }))
        .status,
    ).toBe(400);
    expect((await t.request(path, { token: owners[0]!.token, json: entry })).status).toBe(403);
    const open = await openProposal(communityId, owners[0]!.token);
    const notDecided = await t.request(`/communities/${communityId}/proposals/${open.id}/ledger`, {
      token: committee,
      json: entry,
    });
    expect(notDecided.status).toBe(409);
    const [count] = await t.deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(ledgerEntries)
      .where(sql`${ledgerEntries.proposalId} in (${id}, ${open.id})`);
    expect(count!.n).toBe(0);
  });
});

describe('micro-wishes', () => {
  it('go from wish to claimed to fulfilled, counted on the wall', async () => {
    const { communityId, owners } = await t.community(3);
    const path = `/communities/${communityId}/wishes`;
    const wish = (await (
      await t.request(path, {
        token: owners[0]!.token,
        json: { title: '换灯泡', description: '客厅灯坏了' },
      })
    ).json()) as { id: string };
    const claim = await t.request(`${path}/${wish.id}/claim`, {
      token: owners[1]!.token,
      json: { claimantKind: 'volunteer', claimantName: '小王' },
    });
    expect(claim.status).toBe(200);
    const second = await t.request(`${path}/${wish.id}/claim`, {
      token: owners[2]!.token,
      json: { claimantKind: 'volunteer', claimantName: '小李' },
    });
    expect(second.status).toBe(409);
    expect(
      (await t.request(`${path}/${wish.id}/fulfil`, { token: owners[2]!.token, json: {} })).status,
    ).toBe(403);
    expect(
      (
        await t.request(`${path}/${wish.id}/fulfil`, {
          token: owners[0]!.token,
          json: { note: '谢谢' },
        })
      ).status,
    ).toBe(200);
    await t.request(path, {
      token: owners[2]!.token,
      json: { title: '代取药', description: '每月一次' },
    });
    const wall = (await (await t.request(path, { token: owners[2]!.token })).json()) as {
      counts: Record<string, number>;
      items: { status: string; claimant: { name: string } | null }[];
    };
    expect(wall.counts).toEqual({ open: 1, claimed: 0, fulfilled: 1, total: 2 });
    expect(wall.items[1]).toMatchObject({ status: 'fulfilled', claimant: { name: '小王' } });
  });
});
