// zod-openapi must extend zod before any schema exists (see auth.int.test.ts).
import '@hono/zod-openapi';
import { errorBodySchema } from '@yishi/contracts';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTokens, staff, staffActions } from '../db/schema/index.ts';
import { communityStaffPageSchema, sessionSchema, staffViewSchema } from '../staff/schemas.ts';
import {
  actionsOn,
  manualClock,
  seedCommunity,
  seedStaff,
  testPassword,
} from '../staff/test-fixtures.ts';
import { startTestDirectory, type TestDirectory } from '../test-support.ts';

const clock = manualClock();
let dir: TestDirectory;

beforeAll(async () => {
  dir = await startTestDirectory({ now: clock.now });
});
afterAll(() => dir?.close());

const errorOf = async (res: Response) => errorBodySchema.parse(await res.json()).error;

async function tokenOf(account: { login: string; password: string }) {
  const res = await dir.request('/auth/sign-in', {
    json: { login: account.login, password: account.password },
  });
  expect(res.status).toBe(200);
  return sessionSchema.parse(await res.json()).accessToken;
}

/** Two communities, each with a committee admin; a platform admin. */
async function setup() {
  const [a, b] = [await seedCommunity(dir.deps, 'A'), await seedCommunity(dir.deps, 'B')];
  const adminA = await seedStaff(dir.deps, {
    memberships: [{ communityId: a, roles: ['committee_admin'] }],
  });
  const adminB = await seedStaff(dir.deps, {
    memberships: [{ communityId: b, roles: ['committee_admin'] }],
  });
  const platform = await seedStaff(dir.deps, { platformAdmin: true });
  return {
    a,
    b,
    adminA: { ...adminA, token: await tokenOf(adminA) },
    adminB: { ...adminB, token: await tokenOf(adminB) },
    platform: { ...platform, token: await tokenOf(platform) },
  };
}

const newAccount = (communityId: string, role = 'committee_member', login = uniqueLogin()) => ({
  login,
  displayName: '李四',
  password: 'a long enough password',
  memberships: [{ communityId, roles: [role] }],
});
let counter = 0;
const uniqueLogin = () => `new-${Date.now().toString(36)}-${counter++}`;

describe('POST /staff', () => {
  it('lets a committee admin create staff in their community, recorded without the password', async () => {
    const { a, adminA } = await setup();
    const body = newAccount(a, 'grid_worker');
    const res = await dir.request('/staff', { token: adminA.token, json: body });
    expect(res.status).toBe(201);
    const created = staffViewSchema.parse(await res.json());
    expect(created).toMatchObject({
      login: body.login,
      displayName: '李四',
      platformAdmin: false,
      disabled: false,
      memberships: [{ communityId: a, roles: ['grid_worker'] }],
    });
    expect(JSON.stringify(created)).not.toMatch(/argon2|password/i);

    const actions = await actionsOn(dir.deps, created.id, 'staff.created');
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({
      staffId: adminA.id,
      communityId: a,
      at: clock.now(),
      details: { login: body.login, roles: ['grid_worker'], platformAdmin: false },
    });
    expect(JSON.stringify(actions[0]?.details)).not.toContain(body.password);

    const signIn = await dir.request('/auth/sign-in', {
      json: { login: body.login.toUpperCase(), password: body.password },
    });
    expect(signIn.status).toBe(200);
  });

  it('answers 404 to a committee admin creating staff in another community, and creates nothing', async () => {
    const { b, adminA } = await setup();
    const body = newAccount(b);
    const res = await dir.request('/staff', { token: adminA.token, json: body });
    expect(res.status).toBe(404);
    const rows = await dir.deps.db.select().from(staff).where(eq(staff.login, body.login));
    expect(rows).toHaveLength(0);
  });

  it('refuses a committee admin creating a platform admin', async () => {
    const { a, adminA } = await setup();
    const res = await dir.request('/staff', {
      token: adminA.token,
      json: { ...newAccount(a), platformAdmin: true },
    });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).message).toBe('只有平台管理员可以执行此操作');
  });

  it('refuses a committee member creating staff in their own community', async () => {
    const { a } = await setup();
    const member = await seedStaff(dir.deps, {
      memberships: [{ communityId: a, roles: ['committee_member'] }],
    });
    const res = await dir.request('/staff', { token: await tokenOf(member), json: newAccount(a) });
    expect(res.status).toBe(403);
  });

  it('lets a platform admin create staff anywhere and other platform admins', async () => {
    const { b, platform } = await setup();
    const res = await dir.request('/staff', {
      token: platform.token,
      json: { ...newAccount(b), platformAdmin: true },
    });
    expect(res.status).toBe(201);
    expect(staffViewSchema.parse(await res.json()).platformAdmin).toBe(true);
  });

  it('refuses a taken login in any case, a short password, and the login as password', async () => {
    const { a, adminA } = await setup();
    const body = newAccount(a);
    expect((await dir.request('/staff', { token: adminA.token, json: body })).status).toBe(201);
    const taken = await dir.request('/staff', {
      token: adminA.token,
      json: { ...body, login: body.login.toUpperCase() },
    });
    expect(taken.status).toBe(409);

    const short = await dir.request('/staff', {
      token: adminA.token,
      json: { ...newAccount(a), password: 'short' },
    });
    expect(short.status).toBe(400);
    const login = uniqueLogin();
    const same = await dir.request('/staff', {
      token: adminA.token,
      json: { ...newAccount(a, 'committee_member', login), password: `${login.toUpperCase()}` },
    });
    expect(same.status).toBe(400);
    expect((await errorOf(same)).details?.issues).toEqual([
      expect.objectContaining({ path: ['password'], code: 'password_is_login' }),
    ]);
  });
});

describe('GET /communities/{communityId}/staff', () => {
  it('pages through the staff of a community by display name', async () => {
    const { a, adminA } = await setup();
    for (const name of ['丙', '甲', '乙']) {
      const res = await dir.request('/staff', {
        token: adminA.token,
        json: { ...newAccount(a), displayName: name },
      });
      expect(res.status).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const res = await dir.request(`/communities/${a}/staff?limit=2${query}`, {
        token: adminA.token,
      });
      expect(res.status).toBe(200);
      const page = communityStaffPageSchema.parse(await res.json());
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.displayName));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(2);
    expect(seen).toHaveLength(4);
    expect(seen).toEqual([...seen].sort());
    expect(seen).toEqual(expect.arrayContaining(['甲', '乙', '丙', `测试 ${adminA.login}`]));
  });

  it("answers 404 to another community's committee admin", async () => {
    const { a, adminB } = await setup();
    const res = await dir.request(`/communities/${a}/staff`, { token: adminB.token });
    expect(res.status).toBe(404);
  });
});

describe('PATCH /staff/{staffId}', () => {
  it("answers 404 to staff of another community for this community's staff", async () => {
    const { adminA, adminB } = await setup();
    const res = await dir.request(`/staff/${adminA.id}`, {
      method: 'PATCH',
      token: adminB.token,
      json: { displayName: 'taken over' },
    });
    expect(res.status).toBe(404);
  });

  it('changes roles in the admin community and records who changed what', async () => {
    const { a, adminA } = await setup();
    const member = await seedStaff(dir.deps, {
      memberships: [{ communityId: a, roles: ['committee_member'] }],
    });
    const res = await dir.request(`/staff/${member.id}`, {
      method: 'PATCH',
      token: adminA.token,
      json: { memberships: [{ communityId: a, roles: ['party_secretary'] }] },
    });
    expect(res.status).toBe(200);
    expect(staffViewSchema.parse(await res.json()).memberships).toEqual([
      { communityId: a, roles: ['party_secretary'] },
    ]);
    const [action] = await actionsOn(dir.deps, member.id, 'staff.updated');
    expect(action).toMatchObject({
      staffId: adminA.id,
      communityId: a,
      details: { roles: { added: ['party_secretary'], removed: ['committee_member'] } },
    });
    const claims = await dir.deps.keys.verifier.verify(await tokenOf(member));
    expect(claims.roles).toEqual(['party_secretary']);
  });

  it('refuses a committee admin granting roles in another community', async () => {
    const { a, b, adminA } = await setup();
    const member = await seedStaff(dir.deps, {
      memberships: [{ communityId: a, roles: ['committee_member'] }],
    });
    const res = await dir.request(`/staff/${member.id}`, {
      method: 'PATCH',
      token: adminA.token,
      json: { memberships: [{ communityId: b, roles: ['committee_admin'] }] },
    });
    expect(res.status).toBe(404);
    expect(await actionsOn(dir.deps, member.id, 'staff.updated')).toHaveLength(0);
  });

  it('disables an account, ending its sessions, and enables it again', async () => {
    const { a, adminA } = await setup();
    const member = await seedStaff(dir.deps, {
      memberships: [{ communityId: a, roles: ['committee_member'] }],
    });
    await tokenOf(member);
    const patch = (disabled: boolean) =>
      dir.request(`/staff/${member.id}`, {
        method: 'PATCH',
        token: adminA.token,
        json: { disabled },
      });
    expect(staffViewSchema.parse(await (await patch(true)).json()).disabled).toBe(true);
    const sessions = await dir.deps.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.staffId, member.id));
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.every((row) => row.revokedAt !== null)).toBe(true);
    const refused = await dir.request('/auth/sign-in', {
      json: { login: member.login, password: member.password },
    });
    expect(refused.status).toBe(403);

    expect((await patch(false)).status).toBe(200);
    await tokenOf(member);
    const actions = await actionsOn(dir.deps, member.id, 'staff.updated');
    expect(actions.map((row) => row.details)).toEqual([{ disabled: true }, { disabled: false }]);
  });

  it('lets anyone rename themselves but not disable themselves', async () => {
    const { a } = await setup();
    const member = await seedStaff(dir.deps, {
      memberships: [{ communityId: a, roles: ['committee_member'] }],
    });
    const token = await tokenOf(member);
    const renamed = await dir.request(`/staff/${member.id}`, {
      method: 'PATCH',
      token,
      json: { displayName: '新名字' },
    });
    expect(renamed.status).toBe(200);
    expect(staffViewSchema.parse(await renamed.json()).displayName).toBe('新名字');
    const disabled = await dir.request(`/staff/${member.id}`, {
      method: 'PATCH',
      token,
      json: { disabled: true },
    });
    expect(disabled.status).toBe(403);
  });

  it('stops a demoted admin at once, before their token expires', async () => {
    const { a, adminA, platform } = await setup();
    const demote = await dir.request(`/staff/${adminA.id}`, {
      method: 'PATCH',
      token: platform.token,
      json: { memberships: [{ communityId: a, roles: ['committee_member'] }] },
    });
    expect(demote.status).toBe(200);
    const res = await dir.request('/staff', { token: adminA.token, json: newAccount(a) });
    expect(res.status).toBe(403);
  });
});

describe('POST /staff/{staffId}/password', () => {
  it('changes your own password only with the current one, and ends your sessions', async () => {
    const { a } = await setup();
    const member = await seedStaff(dir.deps, {
      memberships: [{ communityId: a, roles: ['committee_member'] }],
    });
    const token = await tokenOf(member);
    const wrong = await dir.request(`/staff/${member.id}/password`, {
      token,
      json: { currentPassword: 'not my password', newPassword: 'my brand new password' },
    });
    expect(wrong.status).toBe(400);
    const missing = await dir.request(`/staff/${member.id}/password`, {
      token,
      json: { newPassword: 'my brand new password' },
    });
    expect(missing.status).toBe(400);

    const changed = await dir.request(`/staff/${member.id}/password`, {
      token,
      json: { currentPassword: testPassword, newPassword: 'my brand new password' },
    });
    expect(changed.status).toBe(204);
    const old = await dir.request('/auth/sign-in', {
      json: { login: member.login, password: testPassword },
    });
    expect(old.status).toBe(401);
    await tokenOf({ login: member.login, password: 'my brand new password' });

    const [action] = await actionsOn(dir.deps, member.id, 'staff.password.changed');
    expect(action).toMatchObject({ staffId: member.id, communityId: a, details: {} });
  });

  it('lets the committee admin reset a password, but not staff of another community', async () => {
    const { a, adminA, adminB } = await setup();
    const member = await seedStaff(dir.deps, {
      memberships: [{ communityId: a, roles: ['committee_member'] }],
    });
    const foreign = await dir.request(`/staff/${member.id}/password`, {
      token: adminB.token,
      json: { newPassword: 'chosen by a stranger' },
    });
    expect(foreign.status).toBe(404);

    const reset = await dir.request(`/staff/${member.id}/password`, {
      token: adminA.token,
      json: { newPassword: 'reset by the admin' },
    });
    expect(reset.status).toBe(204);
    await tokenOf({ login: member.login, password: 'reset by the admin' });
    const rows = await dir.deps.db
      .select()
      .from(staffActions)
      .where(eq(staffActions.target, member.id));
    expect(rows.map((row) => [row.action, row.staffId])).toEqual([
      ['staff.created', null],
      ['staff.password.reset', adminA.id],
    ]);
    expect(JSON.stringify(rows)).not.toContain('reset by the admin');
  });

  it("refuses a committee admin resetting a platform admin's password", async () => {
    const { a, adminA, platform } = await setup();
    await dir.request(`/staff/${platform.id}`, {
      method: 'PATCH',
      token: platform.token,
      json: { memberships: [{ communityId: a, roles: ['committee_member'] }] },
    });
    const res = await dir.request(`/staff/${platform.id}/password`, {
      token: adminA.token,
      json: { newPassword: 'chosen by the admin' },
    });
    expect(res.status).toBe(403);
  });
});
