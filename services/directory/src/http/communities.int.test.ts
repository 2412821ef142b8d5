// zod-openapi must extend zod before any schema exists (see auth.int.test.ts).
import '@hono/zod-openapi';
import { outbox } from '@yishi/bus';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityPageSchema, communitySchema, gridSchema } from '../roster/schemas.ts';
import { importRoster, seedCommunity, seedStaffToken, unit } from '../roster/test-fixtures.ts';
import { startTestDirectory, type TestDirectory } from '../test-support.ts';

let dir: TestDirectory;
beforeAll(async () => {
  dir = await startTestDirectory();
});
afterAll(() => dir?.close());

const eventTypes = async (communityId: string) =>
  (
    await dir.deps.db
      .select({ type: outbox.type })
      .from(outbox)
      .where(eq(outbox.communityId, communityId))
  ).map((e) => e.type);

describe('communities', () => {
  it('lets a platform admin register a community, published as an event, and nobody else', async () => {
    const platform = await seedStaffToken(dir, null, ['platform_admin']);
    const body = {
      name: '幸福小区',
      street: '城关街道',
      neighbourhood: '幸福社区',
      parkingIncluded: true,
    };
    const res = await dir.request('/communities', { token: platform.token, json: body });
    expect(res.status).toBe(201);
    const created = communitySchema.parse(await res.json());
    expect(created).toMatchObject(body);
    expect(await eventTypes(created.id)).toEqual(['directory.community.registered']);

    const member = await seedStaffToken(dir, created.id, ['committee_admin']);
    expect((await dir.request('/communities', { token: member.token, json: body })).status).toBe(
      403,
    );
  });

  it('lists only the communities where the caller holds a role; a committee admin may rename theirs', async () => {
    const [a, b] = [await seedCommunity(dir, '甲小区'), await seedCommunity(dir, '乙小区')];
    const admin = await seedStaffToken(dir, a, ['committee_admin']);
    const list = communityPageSchema.parse(
      await (await dir.request('/communities', { token: admin.token })).json(),
    );
    expect(list.items.map((c) => c.id)).toEqual([a]);

    const patched = await dir.request(`/communities/${a}`, {
      method: 'PATCH',
      token: admin.token,
      json: { name: '甲小区（新）' },
    });
    expect(patched.status).toBe(200);
    expect(communitySchema.parse(await patched.json()).name).toBe('甲小区（新）');
    expect(await eventTypes(a)).toEqual(['directory.community.registered']);

    const other = await dir.request(`/communities/${b}`, {
      method: 'PATCH',
      token: admin.token,
      json: { name: 'x' },
    });
    expect(other.status).toBe(404);
    const member = await seedStaffToken(dir, a, ['committee_member']);
    expect(
      (
        await dir.request(`/communities/${a}`, {
          method: 'PATCH',
          token: member.token,
          json: { name: 'x' },
        })
      ).status,
    ).toBe(403);
  });
});

describe('grids', () => {
  it('defines a grid of buildings with grid workers of the community, and publishes gridDefined', async () => {
    const communityId = await seedCommunity(dir);
    const admin = await seedStaffToken(dir, communityId, ['committee_admin']);
    await importRoster(dir, admin.token, communityId, [
      unit('101', { name: '张三' }),
      unit('201', { name: '李四' }, { building: '2' }),
    ]);
    const buildings = (
      (await (
        await dir.request(`/communities/${communityId}/buildings`, { token: admin.token })
      ).json()) as {
        items: { id: string }[];
      }
    ).items;
    const created = await dir.request(`/communities/${communityId}/grids`, {
      token: admin.token,
      json: { name: '第一网格', buildingIds: [buildings[0]!.id] },
    });
    expect(created.status).toBe(201);
    const grid = gridSchema.parse(await created.json());

    const worker = await seedStaffToken(dir, communityId, ['grid_worker']);
    const secretary = await seedStaffToken(dir, communityId, ['party_secretary']);
    const put = (workerIds: string[]) =>
      dir.request(`/communities/${communityId}/grids/${grid.id}`, {
        method: 'PUT',
        token: admin.token,
        json: { name: '第一网格', buildingIds: buildings.map((b) => b.id), workerIds },
      });
    const refused = await put([secretary.id]);
    expect(refused.status).toBe(400);
    const updated = await put([worker.id]);
    expect(updated.status).toBe(200);
    expect(gridSchema.parse(await updated.json()).workerIds).toEqual([worker.id]);

    const listed = (await (
      await dir.request(`/communities/${communityId}/grids`, { token: worker.token })
    ).json()) as {
      items: unknown[];
    };
    expect(listed.items).toEqual([
      {
        id: grid.id,
        name: '第一网格',
        buildingIds: buildings.map((b) => b.id).sort(),
        workerIds: [worker.id],
      },
    ]);
    expect(
      (await eventTypes(communityId)).filter((t) => t === 'directory.grid.defined'),
    ).toHaveLength(2);

    const duplicate = await dir.request(`/communities/${communityId}/grids`, {
      token: admin.token,
      json: { name: '第一网格', buildingIds: [] },
    });
    expect(duplicate.status).toBe(409);
  });
});
