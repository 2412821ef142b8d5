// zod-openapi must extend zod before any schema exists (see auth.int.test.ts).
import '@hono/zod-openapi';
import { createOwnerVerifier, createVerifier } from '@yishi/auth';
import { outbox } from '@yishi/bus';
import { errorBodySchema, ownerLinkRevoked } from '@yishi/contracts';
import { isAppError } from '@yishi/errors';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerLinks, units } from '../db/schema/index.ts';
import { importRoster, seedCommunity, seedStaffToken, unit } from '../roster/test-fixtures.ts';
import { startTestDirectory, type TestDirectory } from '../test-support.ts';

let dir: TestDirectory;
beforeAll(async () => {
  dir = await startTestDirectory({ ownerPageBaseUrl: 'https://yishi.example/' });
});
afterAll(() => dir?.close());

const jwks = () => ({ jwks: dir.deps.keys.jwks });
const tokenOf = (url: string) => url.replace('https://yishi.example/o/', '');

async function community() {
  const communityId = await seedCommunity(dir);
  const { token } = await seedStaffToken(dir, communityId, ['committee_member']);
  await importRoster(dir, token, communityId, [
    unit('101', { name: '张三', phone: '13800138000' }, { coOwners: ['王五'] }),
    unit('102', { name: '张三', phone: '13800138000' }),
    unit('201', { name: '李四', phone: '13900139000' }),
  ]);
  const rows = await dir.deps.db
    .select({ id: units.id, room: units.room })
    .from(units)
    .where(eq(units.communityId, communityId));
  const unitId = (room: string) => rows.find((r) => r.room === room)!.id;
  return { communityId, token, unitId };
}

async function csvOf(communityId: string, token: string) {
  const res = await dir.request(`/communities/${communityId}/owner-links/export?format=csv`, {
    token,
  });
  expect(res.status).toBe(200);
  return (await res.text())
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((line) => line.split(','));
}

describe('owner page links', () => {
  it('export one row per unit, co-owned units sharing their owner key’s link, the same each time', async () => {
    const { communityId, token } = await community();
    const [header, ...rows] = await csvOf(communityId, token);
    expect(header).toEqual(['楼栋', '单元', '房号', '业主链接']);
    expect(rows.map((r) => r[2])).toEqual(['101', '102', '201']);
    expect(new Set(rows.map((r) => r[3])).size).toBe(3);
    const verifier = createOwnerVerifier(jwks());
    const claims = await verifier.verify(tokenOf(rows[0]![3]!));
    expect(claims).toMatchObject({ communityId, ver: 1 });
    expect(claims.holderKey.split('&')).toHaveLength(2);
    expect((await csvOf(communityId, token)).slice(1)).toEqual(rows);
    const xlsx = await dir.request(`/communities/${communityId}/owner-links/export`, { token });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)).toEqual(
      new Uint8Array([0x50, 0x4b]),
    );
  });

  it('are owner tokens that the staff verifier refuses', async () => {
    const { communityId, token, unitId } = await community();
    const res = await dir.request(`/communities/${communityId}/units/${unitId('201')}/owner-link`, {
      token,
    });
    const link = (await res.json()) as { url: string };
    const staff = createVerifier({ ...jwks(), issuer: 'yishi-directory', audience: 'yishi' });
    const refused = await staff.verify(tokenOf(link.url)).catch((error: unknown) => error);
    expect(isAppError(refused) && refused.code).toBe('unauthenticated');
  });

  it('re-issue bumps the version and publishes the revocation with it', async () => {
    const { communityId, token, unitId } = await community();
    const path = `/communities/${communityId}/units/${unitId('201')}/owner-link`;
    const before = (await (await dir.request(path, { token })).json()) as {
      holderId: string;
      url: string;
    };
    const res = await dir.request(
      `/communities/${communityId}/owner-links/${before.holderId}/reissue`,
      {
        token,
        method: 'POST',
      },
    );
    expect(res.status).toBe(200);
    const after = (await res.json()) as { version: number; url: string };
    expect(after.version).toBe(2);
    expect(after.url).not.toBe(before.url);
    expect((await createOwnerVerifier(jwks()).verify(tokenOf(after.url))).ver).toBe(2);
    const events = await dir.deps.db
      .select({ payload: outbox.payload })
      .from(outbox)
      .where(and(eq(outbox.communityId, communityId), eq(outbox.type, ownerLinkRevoked.type)));
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({ holderId: before.holderId, version: 2 }),
    ]);
  });

  it('are the committee’s: a grid worker is refused, another community is not found', async () => {
    const { communityId, unitId } = await community();
    const grid = await seedStaffToken(dir, communityId, ['grid_worker']);
    const res = await dir.request(`/communities/${communityId}/owner-links/export`, {
      token: grid.token,
    });
    expect(res.status).toBe(403);
    const other = await seedCommunity(dir);
    const stranger = await seedStaffToken(dir, other, ['committee_member']);
    const foreign = await dir.request(
      `/communities/${communityId}/units/${unitId('101')}/owner-link`,
      { token: stranger.token },
    );
    expect(foreign.status).toBe(404);
    expect(errorBodySchema.parse(await foreign.json()).error.code).toBe('not_found');
  });

  it('re-issue of an unknown owner key changes nothing', async () => {
    const { communityId, token } = await community();
    const res = await dir.request(
      `/communities/${communityId}/owner-links/00000000-0000-4000-8000-000000000000/reissue`,
      { token, method: 'POST' },
    );
    expect(res.status).toBe(404);
    const rows = await dir.deps.db
      .select()
      .from(ownerLinks)
      .where(eq(ownerLinks.communityId, communityId));
    expect(rows).toEqual([]);
  });
});
