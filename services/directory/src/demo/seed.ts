import type { StaffClaims } from '@yishi/auth';
import { eq } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import { communities, staff } from '../db/schema/index.ts';
import {
  applyImport,
  createCommunity,
  createGrid,
  getImport,
  listBuildings,
  startImport,
} from '../roster/index.ts';
import { writeRosterXlsx } from '../roster-file/index.ts';
import { setStaffContact } from '../staff/contact.ts';
import { createStaff, demoStaff, seedDemoStaff } from '../staff/index.ts';
import { demoRoster } from './demo-roster.ts';

/** The password of every demo account; printed at start-up, for local runs only. */
export const DEMO_PASSWORD = 'yishi-demo-2026';
const DEMO_COMMUNITY = '幸福里';
const DEMO_PLATFORM_ADMIN = 'demo-platform';
/**
 * Demo alert contacts (199 0000 000n, numbers no one holds), so that `pnpm start` shows the staff
 * alerts going out in the notifications service's log channel.
 */
const demoPhone = (n: number) => `1990000000${n}`;

export interface DemoSeed {
  created: boolean;
  communityId: string;
  accounts: { login: string; role: string }[];
}

/**
 * Creates the demo community 幸福里 through the same verbs staff use: a platform admin, the
 * community, one account per role, the roster imported from a generated spreadsheet, and a grid
 * for the grid worker, and demo alert contacts for the staff. Does nothing when the community
 * already exists.
 */
export async function seedDemo(deps: Deps): Promise<DemoSeed> {
  const accounts = [
    { login: DEMO_PLATFORM_ADMIN, role: 'platform_admin' },
    ...demoStaff.map(({ login, role }) => ({ login, role })),
  ];
  const [existing] = await deps.db
    .select({ id: communities.id })
    .from(communities)
    .where(eq(communities.name, DEMO_COMMUNITY));
  if (existing) return { created: false, communityId: existing.id, accounts };

  const admin = await platformAdmin(deps);
  const asAdmin: StaffClaims = {
    sub: admin,
    roles: ['platform_admin'],
    communities: [],
    communityRoles: {},
  };
  const community = await createCommunity(deps, {
    claims: asAdmin,
    name: DEMO_COMMUNITY,
    street: '幸福街道',
    neighbourhood: '幸福里社区',
    parkingIncluded: false,
  });
  const ids = await seedDemoStaff(deps, { communityId: community.id, password: DEMO_PASSWORD });
  for (const [i, { login }] of demoStaff.entries()) {
    await setStaffContact(deps, {
      actor: { system: 'demo' },
      staffId: ids[login]!,
      contact: {
        phone: demoPhone(i + 1),
        email: null,
        wechatOpenId: null,
        preferredChannel: 'sms',
        locale: 'zh-CN',
      },
    });
  }

  const started = await startImport(deps, {
    claims: asAdmin,
    communityId: community.id,
    fileName: '幸福里业主名册.xlsx',
    bytes: await writeRosterXlsx(demoRoster()),
  });
  await started.checked;
  const checked = await getImport(deps, {
    claims: asAdmin,
    communityId: community.id,
    importId: started.importId,
    limit: 1,
  });
  if (checked.status !== 'ready') throw new Error(`demo roster import is ${checked.status}`);
  const { applied } = await applyImport(deps, {
    claims: asAdmin,
    communityId: community.id,
    importId: started.importId,
  });
  await applied;

  const buildings = await listBuildings(deps, { claims: asAdmin, communityId: community.id });
  const firstGrid = buildings.filter((b) => ['1号楼', '2号楼', '3号楼'].includes(b.name));
  await createGrid(deps, {
    claims: asAdmin,
    communityId: community.id,
    name: '第一网格',
    buildingIds: firstGrid.map((b) => b.id),
    workerIds: [ids['demo-grid']!],
  });
  return { created: true, communityId: community.id, accounts };
}

async function platformAdmin(deps: Deps): Promise<string> {
  const [row] = await deps.db
    .select({ id: staff.id })
    .from(staff)
    .where(eq(staff.login, DEMO_PLATFORM_ADMIN));
  if (row) return row.id;
  const created = await createStaff(deps, {
    actor: { system: 'demo' },
    login: DEMO_PLATFORM_ADMIN,
    displayName: '平台管理员（演示）',
    password: DEMO_PASSWORD,
    platformAdmin: true,
    memberships: [],
  });
  return created.id;
}
