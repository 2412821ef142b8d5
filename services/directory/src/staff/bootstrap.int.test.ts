// zod-openapi must extend zod before any schema exists (see http/auth.int.test.ts).
import '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { staff, staffActions } from '../db/schema/index.ts';
import { startTestDirectory, type TestDirectory } from '../test-support.ts';
import { ensureBootstrapAdmin, upsertPlatformAdmin } from './bootstrap.ts';
import { demoStaff, seedDemoStaff } from './demo.ts';
import { seedCommunity, seedStaff } from './test-fixtures.ts';

let dir: TestDirectory | undefined;
afterEach(async () => {
  await dir?.close();
  dir = undefined;
});

const platformAdmins = (d: TestDirectory) =>
  d.deps.db.select().from(staff).where(eq(staff.platformAdmin, true));

const signIn = (d: TestDirectory, login: string, password: string) =>
  d.request('/auth/sign-in', { json: { login, password } });

describe('ensureBootstrapAdmin', () => {
  it('creates the first platform admin once and then does nothing', async () => {
    dir = await startTestDirectory();
    const input = { login: 'Root-Admin', password: 'a bootstrap password' };
    const first = await ensureBootstrapAdmin(dir.deps, input);
    expect(first.created).toBe(true);
    const second = await ensureBootstrapAdmin(dir.deps, { ...input, password: 'another password' });
    expect(second).toEqual({ created: false });

    const admins = await platformAdmins(dir);
    expect(admins.map((row) => row.login)).toEqual(['root-admin']);
    expect((await signIn(dir, 'root-admin', input.password)).status).toBe(200);
    expect((await signIn(dir, 'root-admin', 'another password')).status).toBe(401);
    const recorded = await dir.deps.db
      .select()
      .from(staffActions)
      .where(eq(staffActions.target, admins[0]!.id));
    expect(recorded).toMatchObject([
      {
        action: 'staff.created',
        staffId: null,
        details: { via: 'bootstrap', platformAdmin: true },
      },
    ]);
  });

  it('creates one admin when replicas start together', async () => {
    dir = await startTestDirectory();
    const d = dir;
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        ensureBootstrapAdmin(d.deps, { login: 'root', password: 'a bootstrap password' }),
      ),
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await platformAdmins(d)).toHaveLength(1);
  });

  it('does nothing when a platform admin already exists under another login', async () => {
    dir = await startTestDirectory();
    await seedStaff(dir.deps, { platformAdmin: true });
    const result = await ensureBootstrapAdmin(dir.deps, {
      login: 'root',
      password: 'a bootstrap password',
    });
    expect(result.created).toBe(false);
    expect(await platformAdmins(dir)).toHaveLength(1);
  });
});

describe('upsertPlatformAdmin (the create-admin CLI)', () => {
  it('creates an admin, or promotes and re-enables an existing account with a new password', async () => {
    dir = await startTestDirectory();
    const created = await upsertPlatformAdmin(dir.deps, {
      login: 'ops',
      displayName: '运维',
      password: 'first admin password',
    });
    expect(created.action).toBe('created');

    const communityId = await seedCommunity(dir.deps);
    const member = await seedStaff(dir.deps, {
      memberships: [{ communityId, roles: ['committee_member'] }],
    });
    await dir.deps.db.update(staff).set({ disabledAt: new Date() }).where(eq(staff.id, member.id));
    const promoted = await upsertPlatformAdmin(dir.deps, {
      login: member.login.toUpperCase(),
      displayName: '新管理员',
      password: 'recovered password',
    });
    expect(promoted).toEqual({ action: 'updated', staffId: member.id });
    const res = await signIn(dir, member.login, 'recovered password');
    expect(res.status).toBe(200);
    const claims = await dir.deps.keys.verifier.verify(
      ((await res.json()) as { accessToken: string }).accessToken,
    );
    expect(claims.roles).toEqual(['platform_admin', 'committee_member']);
  });
});

describe('seedDemoStaff', () => {
  it('creates one account per community role, once', async () => {
    dir = await startTestDirectory();
    const communityId = await seedCommunity(dir.deps);
    const first = await seedDemoStaff(dir.deps, { communityId, password: 'demo password 1' });
    const again = await seedDemoStaff(dir.deps, { communityId, password: 'demo password 1' });
    expect(again).toEqual(first);
    expect(Object.keys(first)).toEqual(demoStaff.map((account) => account.login));
    for (const account of demoStaff) {
      const res = await signIn(dir, account.login, 'demo password 1');
      expect(res.status).toBe(200);
      const { staff: profile } = (await res.json()) as { staff: { roles: string[] } };
      expect(profile.roles).toEqual([account.role]);
    }
  });
});
