// zod-openapi must extend zod before any schema exists (see auth.int.test.ts).
import '@hono/zod-openapi';
import { outbox } from '@yishi/bus';
import { errorBodySchema, staffRecorded } from '@yishi/contracts';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionSchema, staffContactSchema } from '../staff/schemas.ts';
import { actionsOn, manualClock, seedCommunity, seedStaff } from '../staff/test-fixtures.ts';
import { startTestDirectory, type TestDirectory } from '../test-support.ts';

const clock = manualClock();
let dir: TestDirectory;

beforeAll(async () => {
  dir = await startTestDirectory({ now: clock.now });
});
afterAll(() => dir?.close());

async function tokenOf(account: { login: string; password: string }) {
  const res = await dir.request('/auth/sign-in', {
    json: { login: account.login, password: account.password },
  });
  expect(res.status).toBe(200);
  return sessionSchema.parse(await res.json()).accessToken;
}

/** The staff events of an account, oldest first, parsed by their contract. */
async function staffEvents(staffId: string) {
  const rows = await dir.deps.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.aggregateId, staffId), eq(outbox.type, staffRecorded.type)))
    .orderBy(asc(outbox.seq));
  return rows.map((r) =>
    staffRecorded.parse({
      id: r.id,
      type: r.type,
      version: r.version,
      occurredAt: r.occurredAt.toISOString(),
      communityId: r.communityId,
      aggregateId: r.aggregateId,
      payload: r.payload,
    }),
  );
}

async function setup() {
  const [a, b] = [await seedCommunity(dir.deps, 'A'), await seedCommunity(dir.deps, 'B')];
  const admin = await seedStaff(dir.deps, {
    memberships: [{ communityId: a, roles: ['committee_admin'] }],
  });
  const member = await seedStaff(dir.deps, {
    memberships: [{ communityId: a, roles: ['committee_member'] }],
  });
  const grid = await seedStaff(dir.deps, {
    memberships: [
      { communityId: a, roles: ['grid_worker'] },
      { communityId: b, roles: ['grid_worker'] },
    ],
  });
  const outsider = await seedStaff(dir.deps, {
    memberships: [{ communityId: b, roles: ['committee_admin'] }],
  });
  return { a, b, admin, member, grid, outsider };
}

const contact = {
  phone: '13912345678',
  email: 'grid@example.cn',
  wechatOpenId: null,
  preferredChannel: 'email',
  locale: 'zh-CN',
};

describe('staff contacts', () => {
  it('announces a new account to each of its communities, without contacts yet', async () => {
    const { a, b, grid } = await setup();
    const events = await staffEvents(grid.id);
    expect(events.map((e) => [e.communityId, e.payload.roles])).toEqual(
      expect.arrayContaining([
        [a, ['grid_worker']],
        [b, ['grid_worker']],
      ]),
    );
    expect(events).toHaveLength(2);
    expect(events[0]!.payload).toMatchObject({
      active: true,
      contact: { phone: null, email: null, preferredChannel: null, locale: 'zh-CN' },
    });
  });

  it('lets a grid worker set their own contacts, published to every community of theirs once', async () => {
    const { a, b, grid } = await setup();
    const token = await tokenOf(grid);
    const res = await dir.request(`/staff/${grid.id}/contact`, {
      method: 'PUT',
      token,
      json: contact,
    });
    expect(res.status).toBe(200);
    expect(staffContactSchema.parse(await res.json())).toMatchObject({
      ...contact,
      staffId: grid.id,
    });
    const again = await dir.request(`/staff/${grid.id}/contact`, {
      method: 'PUT',
      token,
      json: contact,
    });
    expect(again.status).toBe(200);

    const events = (await staffEvents(grid.id)).slice(2);
    expect(events.map((e) => e.communityId).sort()).toEqual([a, b].sort());
    expect(events[0]!.payload.contact).toEqual(contact);
    const [action] = await actionsOn(dir.deps, grid.id, 'staff.contact_changed');
    expect(action?.details).toEqual({ fields: ['phone', 'email', 'preferredChannel'] });
    expect(JSON.stringify(action?.details)).not.toContain('13912345678');

    const read = await dir.request(`/staff/${grid.id}/contact`, { token });
    expect(staffContactSchema.parse(await read.json())).toMatchObject(contact);
  });

  it('lets the committee admin of every community of the account set them, and no one else', async () => {
    const { a, admin, member, outsider } = await setup();
    const worker = await seedStaff(dir.deps, {
      memberships: [{ communityId: a, roles: ['grid_worker'] }],
    });
    const put = async (as: { login: string; password: string }) =>
      dir.request(`/staff/${worker.id}/contact`, {
        method: 'PUT',
        token: await tokenOf(as),
        json: { phone: '13800001111' },
      });
    expect((await put(member)).status).toBe(403);
    expect((await put(outsider)).status).toBe(404);
    expect(
      (await dir.request(`/staff/${worker.id}/contact`, { token: await tokenOf(member) })).status,
    ).toBe(403);
    const res = await put(admin);
    expect(res.status).toBe(200);
    expect(staffContactSchema.parse(await res.json())).toMatchObject({
      phone: '13800001111',
      preferredChannel: null,
    });
  });

  it('refuses a bad phone or a preferred channel without its address, changing nothing', async () => {
    const { grid } = await setup();
    const token = await tokenOf(grid);
    const before = (await staffEvents(grid.id)).length;
    for (const body of [
      { phone: '12345' },
      { email: 'not an e-mail' },
      { preferredChannel: 'wechat', phone: '13912345678' },
      { preferredChannel: 'fax' },
    ]) {
      const res = await dir.request(`/staff/${grid.id}/contact`, {
        method: 'PUT',
        token,
        json: body,
      });
      expect(res.status).toBe(400);
      expect(errorBodySchema.parse(await res.json()).error.code).toBe('validation_failed');
    }
    expect(await staffEvents(grid.id)).toHaveLength(before);
    const read = await dir.request(`/staff/${grid.id}/contact`, { token });
    expect(staffContactSchema.parse(await read.json())).toMatchObject({
      phone: null,
      updatedAt: null,
    });
  });

  it('tells a community when a member leaves it or is disabled', async () => {
    const { a, b, admin, grid } = await setup();
    const platform = await seedStaff(dir.deps, { platformAdmin: true });
    const adminToken = await tokenOf(admin);
    const left = await dir.request(`/staff/${grid.id}`, {
      method: 'PATCH',
      token: adminToken,
      json: { memberships: [{ communityId: a, roles: [] }] },
    });
    expect(left.status).toBe(200);
    const disabled = await dir.request(`/staff/${grid.id}`, {
      method: 'PATCH',
      token: await tokenOf(platform),
      json: { disabled: true },
    });
    expect(disabled.status).toBe(200);
    const events = (await staffEvents(grid.id)).slice(2);
    expect(events.map((e) => [e.communityId, e.payload.roles, e.payload.active])).toEqual([
      [a, [], true],
      [b, ['grid_worker'], false],
    ]);
  });
});
