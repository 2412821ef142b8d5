// zod-openapi must extend zod before any schema exists.
import '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { errorBodySchema } from '@yishi/contracts';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proposals } from '../db/schema/index.ts';
import { startTestProposals, type TestOwner, type TestProposals } from '../test-support.ts';

let t: TestProposals;
beforeAll(async () => {
  t = await startTestProposals();
});
afterAll(() => t?.close());

const errorOf = async (res: Response) => errorBodySchema.parse(await res.json()).error;
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function submit(communityId: string, token: string, draft = false) {
  const res = await t.request(`/communities/${communityId}/proposals`, {
    token,
    json: {
      title: '更换消防门',
      description: '全部楼栋的消防门老化',
      category: 'safety',
      item: 6,
      draft,
    },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const upload = (name: string, bytes: Uint8Array, type: string) => {
  const form = new FormData();
  form.set('file', new File([bytes], name, { type }));
  return form;
};

/** Every personal value of the test world, none of which may reach a public answer. */
function personal(owners: TestOwner[], extra: string[]) {
  return [...owners.flatMap((o) => [o.holderKey, o.holderId, o.token]), ...extra];
}

describe('GET /public/proposals/{id}', () => {
  it('answers 400 for a bad id and 404 for an unknown one, a draft and a withdrawn draft', async () => {
    const { communityId, owners } = await t.community(3);
    const bad = await t.request('/public/proposals/not-a-uuid');
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe('validation_failed');
    expect((await t.request(`/public/proposals/${randomUUID()}`)).status).toBe(404);
    const draft = await submit(communityId, owners[0]!.token, true);
    const hidden = await t.request(`/public/proposals/${draft}`);
    expect(hidden.status).toBe(404);
    expect((await errorOf(hidden)).code).toBe('not_found');
    const withdrawn = await t.request(`/communities/${communityId}/proposals/${draft}/withdraw`, {
      token: owners[0]!.token,
      json: { reason: '写错了' },
    });
    expect(withdrawn.status).toBe(200);
    expect((await t.request(`/public/proposals/${draft}`)).status).toBe(404);
  });

  it('shows an open proposal with its progress, no comments and nothing personal', async () => {
    const { communityId, owners } = await t.community(10);
    const id = await submit(communityId, owners[0]!.token);
    const base = `/communities/${communityId}/proposals/${id}`;
    expect(
      (await t.request(`${base}/cosign`, { method: 'POST', token: owners[1]!.token })).status,
    ).toBe(200);
    const attached = await t.request(`${base}/attachments`, {
      token: owners[0]!.token,
      body: upload('张三的房产证.pdf', pdf, 'application/pdf'),
    });
    expect(attached.status).toBe(201);
    const comment = '我是3栋201的李四，电话13800138000';
    expect(
      (await t.request(`${base}/comments`, { token: owners[2]!.token, json: { body: comment } }))
        .status,
    ).toBe(201);
    const rude = (await (
      await t.request(`${base}/comments`, { token: owners[3]!.token, json: { body: '骂人的话' } })
    ).json()) as { id: string };
    const hide = await t.request(`${base}/comments/${rude.id}/hide`, {
      token: await t.committee(communityId),
      json: { reason: '人身攻击' },
    });
    expect(hide.status).toBe(200);
    const res = await t.request(`/public/proposals/${id}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const view = JSON.parse(text) as Record<string, unknown>;
    expect(view).toMatchObject({
      id,
      status: 'open',
      authorKind: 'owner',
      cosign: { count: 1, required: 2, reached: false, progressPercent: 50 },
      decision: null,
      decisionPending: false,
      commentCount: 1,
      attachmentCount: 1,
      updates: [],
      ledger: null,
    });
    expect(Object.keys(view)).not.toContain('mine');
    expect(Object.keys(view)).not.toContain('attachments');
    expect(Object.keys(view.cosign as object)).not.toContain('cosignedByMe');
    for (const value of personal(owners, [comment, '张三', '李四', '13800138000'])) {
      expect(text).not.toContain(value);
    }
  });

  it('shows a withdrawn proposal as withdrawn, with its reason', async () => {
    const { communityId, owners } = await t.community(3);
    const id = await submit(communityId, owners[0]!.token);
    await t.request(`/communities/${communityId}/proposals/${id}/withdraw`, {
      token: owners[0]!.token,
      json: { reason: '物业已经修好了' },
    });
    const view = (await (await t.request(`/public/proposals/${id}`)).json()) as object;
    expect(view).toMatchObject({ status: 'withdrawn', withdrawnReason: '物业已经修好了' });
  });

  it('shows a decision with its updates, photos and ledger, but not the proposal’s files', async () => {
    const { communityId, owners } = await t.community(3);
    const id = await submit(communityId, owners[0]!.token);
    const base = `/communities/${communityId}/proposals/${id}`;
    const attached = (await (
      await t.request(`${base}/attachments`, {
        token: owners[0]!.token,
        body: upload('方案.png', png, 'image/png'),
      })
    ).json()) as { id: string };
    await t.deps.db
      .update(proposals)
      .set({
        status: 'decided',
        outcome: 'decided',
        decisionSource: 'minutes',
        decidedAt: new Date(),
      })
      .where(eq(proposals.id, id));
    const committee = await t.committee(communityId);
    const update = (await (
      await t.request(`${base}/updates`, { token: committee, json: { body: '消防门已到货' } })
    ).json()) as { id: string };
    const photo = (await (
      await t.request(`${base}/updates/${update.id}/photos`, {
        token: committee,
        body: upload('王五家门口.png', png, 'image/png'),
      })
    ).json()) as { id: string };
    for (const json of [
      {
        kind: 'contribution',
        occurredOn: '2026-05-01',
        amountFen: 500_000,
        description: '维修资金划拨',
        receiptRef: 'R-1',
      },
      {
        kind: 'expenditure',
        occurredOn: '2026-05-03',
        amountFen: 123_456,
        description: '购买消防门',
        receiptRef: 'F-9',
      },
    ]) {
      expect((await t.request(`${base}/ledger`, { token: committee, json })).status).toBe(201);
    }
    const res = await t.request(`/public/proposals/${id}`);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({
      decision: { outcome: 'decided', source: 'minutes' },
      updates: [{ body: '消防门已到货', photos: [{ id: photo.id, contentType: 'image/png' }] }],
      ledger: {
        contributionsFen: 500_000,
        expendituresFen: 123_456,
        balanceFen: 376_544,
        entries: [
          { seq: 1, receiptRef: 'R-1', balanceFen: 500_000 },
          { seq: 2, receiptRef: 'F-9', balanceFen: 376_544 },
        ],
      },
    });
    expect(text).not.toContain('王五');
    expect(text).not.toContain('recordedBy');
    const served = await t.request(`/public/proposals/${id}/photos/${photo.id}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await t.request(`/public/proposals/${id}/photos/${attached.id}`)).status).toBe(404);
    expect((await t.request(`/public/proposals/${id}/photos/nope`)).status).toBe(400);
    const csv = await t.request(`/public/proposals/${id}/ledger.csv`);
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('结余,3765.44');
  });

  it('keeps a ballot’s decision back until its result is published', async () => {
    const { communityId, owners } = await t.community(3);
    const id = await submit(communityId, owners[0]!.token);
    await t.deps.db
      .update(proposals)
      .set({
        status: 'decided',
        outcome: 'decided',
        decisionSource: 'ballot',
        ballotId: randomUUID(),
        decidedAt: new Date(),
      })
      .where(eq(proposals.id, id));
    const pending = (await (await t.request(`/public/proposals/${id}`)).json()) as object;
    expect((await t.request(`/public/proposals/${id}/ledger.csv`)).status).toBe(404);
    expect(pending).toMatchObject({
      status: 'decided',
      decision: null,
      decisionPending: true,
      ledger: null,
    });
    await t.deps.db
      .update(proposals)
      .set({ decisionPublishedAt: new Date() })
      .where(eq(proposals.id, id));
    const published = (await (await t.request(`/public/proposals/${id}`)).json()) as object;
    expect(published).toMatchObject({
      decision: { outcome: 'decided', source: 'ballot' },
      decisionPending: false,
      ledger: { balanceFen: 0, entries: [] },
    });
  });
});

describe('GET /public/communities/{id}/wishes', () => {
  it('counts the wishes and shows them without names', async () => {
    const { communityId, owners } = await t.community(3);
    const path = `/communities/${communityId}/wishes`;
    const empty = await t.request(`/public${path}`);
    expect(empty.status).toBe(200);
    expect(((await empty.json()) as { counts: object }).counts).toEqual({
      open: 0,
      claimed: 0,
      fulfilled: 0,
      total: 0,
    });
    const wish = (await (
      await t.request(path, {
        token: owners[0]!.token,
        json: { title: '换灯泡', description: '楼道灯坏了' },
      })
    ).json()) as { id: string };
    await t.request(`${path}/${wish.id}/claim`, {
      token: owners[1]!.token,
      json: { claimantKind: 'volunteer', claimantName: '热心的小王' },
    });
    await t.request(`${path}/${wish.id}/fulfil`, {
      token: owners[0]!.token,
      json: { note: '谢谢赵阿姨' },
    });
    await t.request(path, {
      token: owners[2]!.token,
      json: { title: '代取药', description: '每月一次' },
    });
    const res = await t.request(`/public${path}?limit=1`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const wall = JSON.parse(text) as { counts: object; items: object[]; nextCursor: string | null };
    expect(wall.counts).toEqual({ open: 1, claimed: 0, fulfilled: 1, total: 2 });
    expect(wall.items).toEqual([
      expect.objectContaining({ title: '代取药', status: 'open', claimantKind: null }),
    ]);
    const next = (await (
      await t.request(`/public${path}?limit=1&cursor=${encodeURIComponent(wall.nextCursor!)}`)
    ).json()) as { items: object[] };
    expect(next.items).toEqual([
      expect.objectContaining({ id: wish.id, status: 'fulfilled', claimantKind: 'volunteer' }),
    ]);
    for (const value of personal(owners, ['小王', '赵阿姨', 'mine'])) {
      expect(text).not.toContain(value);
      expect(JSON.stringify(next)).not.toContain(value);
    }
  });

  it('answers 400 for a bad id or filter and 404 for an unknown community', async () => {
    expect((await t.request('/public/communities/x/wishes')).status).toBe(400);
    const { communityId } = await t.community(1);
    expect((await t.request(`/public/communities/${communityId}/wishes?status=lost`)).status).toBe(
      400,
    );
    const unknown = await t.request(`/public/communities/${randomUUID()}/wishes`);
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe('not_found');
  });
});
